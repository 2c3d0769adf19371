export { CheckpointQueue } from "./checkpoint-queue.js";
export {
  createJiraPoller,
  type JiraPoller,
  type JiraPollerOptions,
  jiraBaseUrl,
  toPollError,
} from "./jira-poller.js";
export { stateKeys } from "./state-keys.js";
