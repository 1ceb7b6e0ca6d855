/**
 * /payments: paying a booking through its gateway (Razorpay for INR, Stripe
 * for other currencies, the built-in sandbox in development), the gateways'
 * webhooks, refunds, the ledger, the ways to pay, and an act's earnings.
 * The organizer starts a checkout and is sent to the gateway's page; the
 * return (`/confirm`) and the webhook race, and whichever arrives first counts
 * the money.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { PaymentGateways } from "../../integrations/payments/mod.ts";
import { ServiceUnavailable } from "../../domain/errors.ts";
import type { ServiceDeps } from "../../services/deps.ts";
import { confirmPayment, startPayment } from "../../services/payments/checkout.ts";
import type { PaymentDeps } from "../../services/payments/deps.ts";
import { invoicePdf } from "../../services/payments/invoices.ts";
import {
  actEarnings,
  bookingPayments,
  getPayment,
  ledgerOfBooking,
  paymentMethods,
} from "../../services/payments/reads.ts";
import { RefundInput, refundPayment } from "../../services/payments/refunds.ts";
import { PayoutAccountInput, setPayoutAccount } from "../../services/payments/payout_accounts.ts";
import {
  billingDetails,
  BillingDetailsInput,
  saveBillingDetails,
} from "../../services/payments/billing_details.ts";
import { receiveWebhook } from "../../services/payments/webhooks.ts";
import { errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import {
  BillingDetailsSchema,
  BookingPaymentsSchema,
  EarningsSchema,
  LedgerSchema,
  PaymentMethodsSchema,
  PaymentSchema,
  RefundSchema,
} from "../schemas/payments.ts";
import { actorOf, body, IdParam, json, meta, noSignIn, security } from "../route_kit.ts";
import { idField } from "../../services/validation.ts";

const tags = ["Payments"];
const onePayment = (description: string) => json(description, z.object({ payment: PaymentSchema }));
const BOOKING = "8b0c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e";

const StartInput = z.object({ bookingId: idField("Not a booking id") });
const ConfirmInput = z.object({
  params: z.record(z.string().max(100), z.string().max(2_000)).openapi({
    description: "The query parameters the gateway added to the return URL, as they came",
    example: {
      razorpay_payment_id: "pay_29QQoUBi66xm2f",
      razorpay_order_id: "order_9A33XWu170gUtm",
      razorpay_signature: "9ef4dffbfd84f1318f6739a3ce19f9d85851857ae648f114332d8401e0949a3d",
    },
  }),
});

const routes = {
  start: createRoute({
    method: "post",
    path: "/payments",
    operationId: "startPayment",
    tags,
    summary: "Start paying what is due next on a booking: the deposit, a milestone or the balance",
    description:
      "The booking's organizer only, once both parties have signed the contract. Answers the payment " +
      "and the gateway's checkout page to send the payer to; asking again before paying resumes the " +
      "same checkout. 503 when no gateway takes the booking's currency.",
    security,
    request: body(StartInput, { bookingId: BOOKING }),
    responses: {
      201: json("The payment, initiated", z.object({ payment: PaymentSchema, redirectUrl: z.url() })),
      ...errorResponses(401, 403, 404, 409, 422, 502, 503),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/payments/{id}",
    operationId: "getPayment",
    tags,
    summary: "One payment: the booking's organizer, its act's owner, admins and staff",
    security,
    request: { params: IdParam },
    responses: { 200: onePayment("The payment"), ...errorResponses(401, 404, 422) },
  }),
  confirm: createRoute({
    method: "post",
    path: "/payments/{id}/confirm",
    operationId: "confirmPayment",
    tags,
    summary: "The payer is back from checkout: verify the gateway's parameters and count the money",
    description:
      "Razorpay's are checked by their HMAC signature, Stripe's and the sandbox's with the gateway. " +
      "Idempotent: the webhook may already have counted it. 400 for a forged return.",
    security,
    request: { params: IdParam, ...body(ConfirmInput, {}) },
    responses: {
      200: onePayment("The payment as it now is"),
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  }),
  refund: createRoute({
    method: "post",
    path: "/payments/{id}/refund",
    operationId: "refundPayment",
    tags,
    summary: "An admin refunds part or all of a captured payment, outside the cancellation policy",
    description:
      "Cancellations and rulings refund by themselves. Without `amount`, everything left of the payment. " +
      "The refund is sent to the gateway at once and counted when the gateway confirms it.",
    security,
    request: {
      params: IdParam,
      ...body(RefundInput, { amount: 500_000, reason: "Paid twice by mistake" }),
    },
    responses: {
      201: json("The refund, requested", z.object({ refund: RefundSchema })),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  }),
  webhook: createRoute({
    method: "post",
    path: "/payments/webhooks/{gateway}",
    operationId: "paymentWebhook",
    tags,
    summary: "Events from a payment gateway (razorpay, stripe, or the development sandbox)",
    description:
      "Verified over the raw body (`X-Razorpay-Signature`; `Stripe-Signature` with 300 s tolerance; " +
      "`X-Sandbox-Signature`) before anything is stored; deduplicated on the gateway's event id. " +
      "400 for a forged or stale event; 404 for a gateway that is not configured here.",
    security: noSignIn,
    request: { params: z.object({ gateway: z.string().max(20).openapi({ example: "razorpay" }) }) },
    responses: {
      200: json(
        "Received",
        z.object({ outcome: z.enum(["applied", "already", "unknown", "duplicate", "ignored"]) }),
      ),
      ...errorResponses(400, 404, 409, 422),
    },
  }),
  ledger: createRoute({
    method: "get",
    path: "/payments/ledger",
    operationId: "getLedger",
    tags,
    summary: "A booking's ledger: every posting, and every account's balance",
    security,
    request: { query: z.object({ bookingId: idField("Not a booking id") }) },
    responses: {
      200: json("The ledger", z.object({ ledger: LedgerSchema })),
      ...errorResponses(401, 404, 422),
    },
  }),
  methods: createRoute({
    method: "get",
    path: "/payments/methods",
    operationId: "getPaymentMethods",
    tags,
    summary: "How a payment in a currency can be made on this server",
    security: noSignIn,
    request: { query: z.object({ currency: z.string().regex(/^[A-Za-z]{3}$/).default("INR") }) },
    responses: {
      200: json("The methods", z.object({ methods: PaymentMethodsSchema })),
      ...errorResponses(422),
    },
  }),
  ofBooking: createRoute({
    method: "get",
    path: "/bookings/{id}/payments",
    operationId: "getBookingPayments",
    tags,
    summary: "A booking's payment schedule, what is due next, its payments and refunds",
    security,
    request: { params: IdParam },
    responses: {
      200: json("The booking's payments", z.object({ payments: BookingPaymentsSchema })),
      ...errorResponses(401, 404, 422),
    },
  }),
  earnings: createRoute({
    method: "get",
    path: "/artists/{id}/earnings",
    operationId: "getEarnings",
    tags,
    summary: "An act's earnings: held, released after the platform's fee, by month, and members' shares",
    description: "The act's owner, admins and staff see every member's share; a member sees their own.",
    security,
    request: { params: IdParam },
    responses: {
      200: json("The earnings", z.object({ earnings: EarningsSchema })),
      ...errorResponses(401, 404, 422),
    },
  }),
  payoutAccount: createRoute({
    method: "put",
    path: "/users/{id}/payout-accounts/{gateway}",
    operationId: "setPayoutAccount",
    tags,
    summary: "An admin enters a person's payout account at a gateway, once the gateway has verified them",
    description:
      "A Razorpay Route linked account (`acc_…`) or a Stripe Connect account (`acct_…`); payouts scheduled " +
      "from then on go to it. The sandbox needs none.",
    security,
    request: {
      params: z.object({
        id: idField("Not a user id"),
        gateway: z.string().max(20).openapi({ example: "razorpay" }),
      }),
      ...body(PayoutAccountInput, { accountRef: "acc_GRWKk7qQsLnDjX" }),
    },
    responses: {
      200: json(
        "The account",
        z.object({
          account: z.object({
            userId: z.uuid(),
            gateway: z.enum(["razorpay", "stripe"]),
            accountRef: z.string(),
          }),
        }),
      ),
      ...errorResponses(401, 403, 404, 422),
    },
  }),
  getBilling: createRoute({
    method: "get",
    path: "/me/billing-details",
    operationId: "getBillingDetails",
    tags,
    summary: "How your GST tax invoices name you; null until you give them",
    security,
    responses: {
      200: json("Your billing details", z.object({ billing: BillingDetailsSchema.nullable() })),
      ...errorResponses(401),
    },
  }),
  putBilling: createRoute({
    method: "put",
    path: "/me/billing-details",
    operationId: "setBillingDetails",
    tags,
    summary:
      "Set how your GST tax invoices name you: legal name, address, its GST state, your GSTIN if registered",
    description:
      "The GSTIN must pass its check character and be registered in the state given. Invoices issued from " +
      "then on use these details.",
    security,
    request: body(BillingDetailsInput, {
      legalName: "Dev Events Private Limited",
      address: "14 Hill Road, Bandra West, Mumbai 400050",
      stateCode: "27",
      gstin: "27AAACD1234E1Z9",
    }),
    responses: {
      200: json("Saved", z.object({ billing: BillingDetailsSchema })),
      ...errorResponses(401, 422),
    },
  }),
  invoice: createRoute({
    method: "get",
    path: "/payments/{id}/invoice",
    operationId: "getPaymentInvoice",
    tags,
    summary: "The GST tax invoice of a captured payment, as a PDF",
    security,
    request: { params: IdParam },
    responses: {
      200: {
        description: "The invoice (A4)",
        content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...errorResponses(401, 404, 422),
    },
  }),
};

export function paymentRoutes(
  { deps, payments }: { deps: ServiceDeps; payments?: PaymentGateways },
): OpenAPIHono {
  const paymentDeps = (): PaymentDeps => {
    if (!payments) throw new ServiceUnavailable("Payments are not configured on this server");
    return { ...deps, gateways: payments };
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.start, async (c) => {
      const started = await startPayment(paymentDeps(), actorOf(c), c.req.valid("json").bookingId);
      return c.json(ok(started, "Checkout started"), 201);
    })
    .openapi(routes.ledger, async (c) => {
      const ledger = await ledgerOfBooking(deps.db, actorOf(c), c.req.valid("query").bookingId);
      return c.json(ok({ ledger }), 200);
    })
    .openapi(routes.methods, (c) => {
      return c.json(ok({ methods: paymentMethods(payments ?? null, c.req.valid("query").currency) }), 200);
    })
    .openapi(routes.get, async (c) => {
      const payment = await getPayment(deps.db, actorOf(c), c.req.valid("param").id);
      return c.json(ok({ payment }), 200);
    })
    .openapi(routes.confirm, async (c) => {
      const { id } = c.req.valid("param");
      const payment = await confirmPayment(paymentDeps(), actorOf(c), id, c.req.valid("json").params);
      return c.json(ok({ payment }), 200);
    })
    .openapi(routes.refund, async (c) => {
      const { id } = c.req.valid("param");
      const refund = await refundPayment(paymentDeps(), actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ refund }, "Refund requested"), 201);
    })
    .openapi(routes.webhook, async (c) => {
      // The signature covers the exact bytes sent, so the body is read raw, never re-serialised.
      const outcome = await receiveWebhook(
        paymentDeps(),
        c.req.valid("param").gateway,
        await c.req.text(),
        c.req.raw.headers,
      );
      return c.json(ok({ outcome }), 200);
    })
    .openapi(routes.ofBooking, async (c) => {
      const view = await bookingPayments(deps.db, payments ?? null, actorOf(c), c.req.valid("param").id);
      return c.json(ok({ payments: view }), 200);
    })
    .openapi(routes.earnings, async (c) => {
      const earnings = await actEarnings(deps.db, actorOf(c), c.req.valid("param").id);
      return c.json(ok({ earnings }), 200);
    })
    .openapi(routes.payoutAccount, async (c) => {
      const { id, gateway } = c.req.valid("param");
      const account = await setPayoutAccount(deps.db, actorOf(c), id, gateway, c.req.valid("json"), meta(c));
      return c.json(ok({ account }, "Payout account saved"), 200);
    })
    .openapi(routes.getBilling, async (c) => {
      return c.json(ok({ billing: await billingDetails(deps.db, actorOf(c)) }), 200);
    })
    .openapi(routes.putBilling, async (c) => {
      const billing = await saveBillingDetails(deps.db, actorOf(c), c.req.valid("json"));
      return c.json(ok({ billing }, "Billing details saved"), 200);
    })
    .openapi(routes.invoice, async (c) => {
      const file = await invoicePdf(deps.db, actorOf(c), c.req.valid("param").id);
      const name = file.number.replaceAll("/", "-");
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="invoice-${name}.pdf"`,
        "cache-control": "private, no-store",
      });
    });
}
