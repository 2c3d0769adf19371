import type { ConnectorState } from "@lakesync/gateway";
import { describe, expect, it } from "vitest";
import { ConnectorLifecycle, canTransition, IllegalTransitionError } from "./lifecycle.js";

const states: ConnectorState[] = [
  "starting",
  "polling",
  "backing_off",
  "failed",
  "stopped",
  "idle",
];

describe("ConnectorLifecycle", () => {
  it("starts in starting and walks polling ⇄ backing_off → failed → stopped", () => {
    const life = new ConnectorLifecycle();
    expect(life.state).toBe("starting");
    for (const next of [
      "polling",
      "polling",
      "backing_off",
      "backing_off",
      "polling",
      "failed",
    ] as const) {
      life.to(next);
      expect(life.state).toBe(next);
    }
    expect(life.isFinal).toBe(true);
    expect(life.isStopped).toBe(false);
    life.to("stopped");
    expect(life.isStopped).toBe(true);
  });

  it("has idle for connectors without a poller, left only by stopping", () => {
    const life = new ConnectorLifecycle();
    life.to("idle");
    expect(() => life.to("polling")).toThrow(IllegalTransitionError);
    life.to("stopped");
  });

  it("throws on illegal transitions and leaves the state as it was", () => {
    const cases: [ConnectorState[], ConnectorState][] = [
      [[], "starting"],
      [["polling"], "starting"],
      [["polling"], "idle"],
      [["failed"], "polling"],
      [["failed"], "backing_off"],
      [["stopped"], "polling"],
      [["stopped"], "stopped"],
      [["idle"], "backing_off"],
    ];
    for (const [path, illegal] of cases) {
      const life = new ConnectorLifecycle();
      for (const step of path) life.to(step);
      const before = life.state;
      expect(() => life.to(illegal), `${before} → ${illegal}`).toThrow(
        `Illegal connector lifecycle transition ${before} → ${illegal}`,
      );
      expect(life.state).toBe(before);
    }
  });

  it("lets every state but stopped stop, and nothing leave stopped", () => {
    for (const from of states) {
      expect(canTransition(from, "stopped"), from).toBe(from !== "stopped");
      expect(canTransition("stopped", from)).toBe(false);
      expect(canTransition(from, "starting")).toBe(false);
    }
  });
});
