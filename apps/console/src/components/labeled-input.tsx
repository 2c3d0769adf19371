/** A required text input inside its label. */
export function LabeledInput(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  type?: "text" | "url" | "password";
}) {
  return (
    <label>
      {props.label}
      <input
        name={props.name}
        type={props.type ?? "text"}
        autoComplete="off"
        required
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}
