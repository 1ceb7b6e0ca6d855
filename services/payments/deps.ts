/** What the payments use cases need: the workflow's dependencies and the configured gateways. */
import type { PaymentGateways } from "../../integrations/payments/mod.ts";
import type { WorkflowDeps } from "../notifications.ts";

export type PaymentDeps = WorkflowDeps & { gateways: PaymentGateways };
