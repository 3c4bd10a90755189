"""Stripe, faked at its HTTP boundary, for tests.

`FakeStripe` is a `stripe.HTTPClient`: the official SDK builds each request, sends it
to the fake instead of api.stripe.com, and parses the answer with its own code, so
the SDK's encoding, error mapping (`stripe.InvalidRequestError`, `IdempotencyError`,
`APIConnectionError`...) and object classes all run for real.

How a test hands it to the app: the app builds its client as
`stripe.StripeClient(api_key, http_client=...)` and exposes
`network_site.payments.stripe_api.set_http_client(client)`; a test (or a fixture in
conftest) does

    fake = FakeStripe()
    set_http_client(fake)            # the app now talks to the fake
    ...the app creates a Checkout Session...
    event = fake.complete_session(session_id)          # the buyer pays on Stripe
    body = event_body(event)
    client.post("/payments/stripe/webhook/", body, content_type="application/json",
                HTTP_STRIPE_SIGNATURE=sign_payload(body, settings.STRIPE_WEBHOOK_SECRET))

What it is:
- A test-mode Stripe account in memory (`livemode` false; keys must be `sk_test_...` or
  `rk_test_...`, anything else gets 401). Ids carry Stripe's prefixes and come from a
  counter; time comes from `now()`, which is `time.time()` unless a test sets
  `fake.clock` (or calls `advance`). So a test run is deterministic.
- Endpoints (v1): customers (create, retrieve, list, update), checkout sessions
  (create, retrieve, list, line items, expire), subscriptions (retrieve, list, update,
  cancel), invoices, invoice payments,
  payment intents, charges, refunds (create, retrieve, list), billing portal sessions,
  prices, products, events. Parameters are checked against the SDK's own parameter
  types: a parameter Stripe does not know gets Stripe's `parameter_unknown` 400; one
  Stripe knows but the fake does not model gets a 400 that says so (extend the fake).
- Idempotency as Stripe does it: a POST with a key already used gets the stored answer
  (header `Idempotent-Replayed: true`) without acting again; the same key with other
  parameters or another endpoint gets an `idempotency_error`. Note that the SDK puts a
  random key on every POST that has none, so a test that wants to know the app chose
  its key should compare `fake.requests[...].idempotency_key` with the app's key.
- Every request is recorded in `fake.requests` (`RecordedRequest`).
- Faults: `fake.unreachable = True` (every request raises `stripe.APIConnectionError`),
  `fail_next(...)` (the next matching request answers a Stripe error, optionally after
  acting), `drop_next(...)` (the next matching request acts but its answer is lost).
- Stripe's side of the story: `complete_session`, `async_payment_succeeded`,
  `async_payment_failed`, `expire_session`, `expire_due_sessions`, `renew_subscription`,
  `fail_renewal`, `give_up_subscription`, `cancel_subscription`, `refund_payment`,
  `settle_refund` change state as Stripe would and return the event Stripe would then
  send. Every event is appended to `fake.events`, in Stripe's order, including those
  caused by API calls (`request.id` and `request.idempotency_key` then say which):
    POST /v1/customers           customer.created
    POST .../sessions/{id}/expire checkout.session.expired
    POST /v1/refunds             refund.created, charge.refunded
    POST /v1/subscriptions/{id}  customer.subscription.updated
    DELETE /v1/subscriptions/{id} customer.subscription.deleted
    complete_session (subscription mode): [customer.created], customer.subscription.created
      (status incomplete), customer.subscription.updated (active), invoice.paid,
      checkout.session.completed
  Events are built from the payloads in `payloads/` (Stripe's event envelope for this
  API version; `data.object` is a snapshot of the object at that moment, as Stripe
  sends, so a late event carries stale state). `event_about(type, id)` finds one again.

API version notes (stripe 16.1, "2026-10-28.endive"): Checkout takes
`allowed_payment_method_types` (`payment_method_types` is refused as unknown, as Stripe
would); billing periods are on subscription items (`items.data[].current_period_end`);
an invoice names its subscription at `parent.subscription_details.subscription`; its
payments are `expand[]=payments` (or GET /v1/invoice_payments?invoice=...).

`sign_payload` and `event_body` produce the `Stripe-Signature` header and the raw body
exactly as Stripe sends them.
"""

from __future__ import annotations

import asyncio
import calendar
import copy
import dataclasses
import functools
import hashlib
import hmac
import itertools
import json
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import stripe
import stripe.billing_portal
import stripe.checkout
import stripe.params
import stripe.params.billing_portal
import stripe.params.checkout
from stripe._api_version import _ApiVersion

API_VERSION = _ApiVersion.CURRENT
PAYLOADS = Path(__file__).with_name("payloads")

DAY = 24 * 60 * 60
# Where the test buyer says they live, on the Checkout page and their card.
BUYER_ADDRESS = {
    "city": None,
    "country": "GB",
    "line1": None,
    "line2": None,
    "postal_code": "SW1A 1AA",
    "state": None,
}
# Stripe's smallest charge per currency (in the smallest unit).
MINIMUM_AMOUNT = {"gbp": 30, "usd": 50, "eur": 50}
REFUND_REASONS = ("duplicate", "fraudulent", "requested_by_customer")
# Payment methods whose success Stripe learns days later (Checkout's "delayed notification").
DELAYED_METHODS = ("bacs_debit", "sepa_debit", "us_bank_account", "au_becs_debit")


# --- signing and bodies -------------------------------------------------------------


def sign_payload(payload: bytes | str, secret: str, timestamp: int | None = None) -> str:
    """The `Stripe-Signature` header Stripe sends with `payload`: `t=<ts>,v1=<hex>`, the
    HMAC-SHA256 of `"<ts>.<payload>"` keyed with the endpoint's signing secret."""
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8")
    if timestamp is None:
        timestamp = int(time.time())
    signed = f"{timestamp}.{payload}".encode()
    signature = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def event_body(event: dict) -> bytes:
    """The raw webhook body for `event`, as Stripe sends it (pretty-printed JSON, two-space
    indent). Verify signatures on these exact bytes, never on re-serialised JSON."""
    return json.dumps(event, indent=2).encode()


def load_payload(name: str) -> dict:
    """A recorded event payload from `payloads/<name>.json` (a fresh copy)."""
    return json.loads((PAYLOADS / f"{name}.json").read_text())


# --- form encoding --------------------------------------------------------------------

_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


def parse_params(encoded: str) -> dict:
    """Stripe's form encoding back into nested data: `line_items[0][price_data][currency]=gbp`
    becomes `{"line_items": [{"price_data": {"currency": "gbp"}}]}`. Values stay strings,
    as on the wire; `key[]` appends."""
    root: dict = {}
    for raw_key, value in parse_qsl(encoded, keep_blank_values=True):
        head, _, rest = raw_key.partition("[")
        segments = [head, *_BRACKETS.findall("[" + rest)] if rest else [head]
        node = root
        for position, segment in enumerate(segments):
            key = segment if segment != "" else str(len(node))
            if position == len(segments) - 1:
                node[key] = value
            else:
                if not isinstance(node.get(key), dict):
                    node[key] = {}
                node = node[key]
    return _listify(root)


def _listify(node: Any, key: str | None = None) -> Any:
    if not isinstance(node, dict):
        return node
    children = {name: _listify(value, name) for name, value in node.items()}
    if children and key != "metadata" and all(name.isdigit() for name in children):
        return [children[name] for name in sorted(children, key=int)]
    return children


# --- requests, errors, routes ---------------------------------------------------------


@dataclass
class RecordedRequest:
    """One request the SDK sent. `status` is None when it never got an answer."""

    method: str
    path: str
    params: dict
    idempotency_key: str | None
    api_key: str | None
    stripe_version: str | None
    status: int | None = None
    replayed: bool = False


class ApiError(Exception):
    """An error answer, shaped like Stripe's `{"error": {...}}`."""

    def __init__(self, status, message, *, type="invalid_request_error", code=None, param=None):
        super().__init__(message)
        self.status = status
        self.body = {"message": message, "type": type}
        if code:
            self.body["code"] = code
            self.body["doc_url"] = f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}"
        if param:
            self.body["param"] = param


def _invalid(message: str, *, param: str | None = None, code: str | None = None) -> ApiError:
    return ApiError(400, message, param=param, code=code)


def _require(params: dict, name: str, where: str = "") -> Any:
    """`params[name]`, or Stripe's error for a missing parameter (named in full, e.g.
    `line_items[0][quantity]`)."""
    if name in params and params[name] not in (None, "", [], {}):
        return params[name]
    full = f"{where}[{name}]" if where else name
    raise _invalid(f"Missing required param: {full}.", param=full, code="parameter_missing")


def _missing(kind: str, object_id: str, *, param: str = "id", status: int = 404) -> ApiError:
    message = f"No such {kind}: '{object_id}'"
    return ApiError(status, message, code="resource_missing", param=param)


@dataclass(frozen=True)
class _Route:
    method: str
    pattern: re.Pattern
    handler: str
    spec: str  # the SDK's parameter TypedDict, relative to stripe.params
    supported: frozenset
    kind: str | None = None  # the object a retrieve or list answers with
    filters: tuple = ()  # a list's equality filters: (param, dotted path in the object)


_PAGING = frozenset({"limit", "starting_after", "ending_before", "expand", "created"})


def _route(method, path, handler, spec, supported=(), kind=None):
    pattern = re.compile(path.replace("{id}", "(?P<object_id>[^/]+)"))
    return _Route(method, pattern, handler, spec, frozenset({"expand", *supported}), kind)


def _retrieve_route(path, spec, kind):
    return _route("GET", path, "_retrieve", spec, kind=kind)


def _list_route(path, spec, kind, **filters):
    route = _route("GET", path, "_list", spec, _PAGING | set(filters), kind=kind)
    return dataclasses.replace(route, filters=tuple(filters.items()))


def _dig(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = obj[int(part)] if isinstance(obj, list) else (obj or {}).get(part)
    return obj


_ROUTES = (
    _route(
        "POST",
        "/v1/customers",
        "_create_customer",
        "CustomerCreateParams",
        {"email", "name", "description", "phone", "metadata"},
    ),
    _list_route("/v1/customers", "CustomerListParams", "customer", email="email"),
    _retrieve_route("/v1/customers/{id}", "CustomerRetrieveParams", "customer"),
    _route(
        "POST",
        "/v1/customers/{id}",
        "_update_customer",
        "CustomerUpdateParams",
        {"email", "name", "description", "phone", "metadata", "address", "shipping"},
    ),
    _route(
        "POST",
        "/v1/checkout/sessions",
        "_create_session",
        "checkout.SessionCreateParams",
        {
            "mode",
            "line_items",
            "metadata",
            "subscription_data",
            "payment_intent_data",
            "customer",
            "customer_email",
            "customer_creation",
            "client_reference_id",
            "success_url",
            "cancel_url",
            "return_url",
            "expires_at",
            "allowed_payment_method_types",
            "locale",
            "submit_type",
            "billing_address_collection",
            "allow_promotion_codes",
            "ui_mode",
        },
    ),
    _list_route(
        "/v1/checkout/sessions",
        "checkout.SessionListParams",
        "checkout.session",
        customer="customer",
        status="status",
        payment_intent="payment_intent",
        subscription="subscription",
    ),
    _retrieve_route(
        "/v1/checkout/sessions/{id}", "checkout.SessionRetrieveParams", "checkout.session"
    ),
    _route(
        "GET",
        "/v1/checkout/sessions/{id}/line_items",
        "_list_session_line_items",
        "checkout.SessionLineItemListParams",
        _PAGING - {"created"},
    ),
    _route(
        "POST",
        "/v1/checkout/sessions/{id}/expire",
        "_expire_session_api",
        "checkout.SessionExpireParams",
    ),
    _route(
        "GET",
        "/v1/subscriptions",
        "_list_subscriptions",
        "SubscriptionListParams",
        _PAGING | {"customer", "price", "status"},
    ),
    _retrieve_route("/v1/subscriptions/{id}", "SubscriptionRetrieveParams", "subscription"),
    _route(
        "POST",
        "/v1/subscriptions/{id}",
        "_update_subscription",
        "SubscriptionUpdateParams",
        {"cancel_at_period_end", "metadata", "description", "cancellation_details"},
    ),
    _route(
        "DELETE",
        "/v1/subscriptions/{id}",
        "_cancel_subscription_api",
        "SubscriptionCancelParams",
        {"cancellation_details", "invoice_now", "prorate"},
    ),
    _list_route(
        "/v1/invoices",
        "InvoiceListParams",
        "invoice",
        customer="customer",
        status="status",
        subscription="parent.subscription_details.subscription",
    ),
    _retrieve_route("/v1/invoices/{id}", "InvoiceRetrieveParams", "invoice"),
    _list_route(
        "/v1/invoice_payments",
        "InvoicePaymentListParams",
        "invoice_payment",
        invoice="invoice",
        status="status",
    ),
    _retrieve_route("/v1/invoice_payments/{id}", "InvoicePaymentRetrieveParams", "invoice_payment"),
    _retrieve_route("/v1/payment_intents/{id}", "PaymentIntentRetrieveParams", "payment_intent"),
    _retrieve_route("/v1/charges/{id}", "ChargeRetrieveParams", "charge"),
    _route(
        "POST",
        "/v1/refunds",
        "_create_refund",
        "RefundCreateParams",
        {"payment_intent", "charge", "amount", "reason", "metadata"},
    ),
    _list_route(
        "/v1/refunds",
        "RefundListParams",
        "refund",
        payment_intent="payment_intent",
        charge="charge",
    ),
    _retrieve_route("/v1/refunds/{id}", "RefundRetrieveParams", "refund"),
    _route(
        "POST",
        "/v1/billing_portal/sessions",
        "_create_portal_session",
        "billing_portal.SessionCreateParams",
        {"customer", "return_url", "locale"},
    ),
    _retrieve_route("/v1/prices/{id}", "PriceRetrieveParams", "price"),
    _retrieve_route("/v1/products/{id}", "ProductRetrieveParams", "product"),
    _route("GET", "/v1/events", "_list_events", "EventListParams", _PAGING | {"type", "types"}),
    _retrieve_route("/v1/events/{id}", "EventRetrieveParams", "event"),
)

_REQUEST_OPTIONS = frozenset(stripe.RequestOptions.__annotations__)


def _spec(dotted: str) -> type:
    module = stripe.params
    *packages, name = dotted.split(".")
    for package in packages:
        module = getattr(module, package)
    return getattr(module, name)


def _unknown_param(params: dict, spec: type, prefix: str = "") -> str | None:
    """The first parameter (in Stripe's bracket notation) that the SDK's TypedDict for this
    request does not know, or None."""
    hints = spec.__annotations__
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else key
        if key not in hints or (not prefix and key in _REQUEST_OPTIONS):
            return name
        nested = _nested_spec(spec, hints[key])
        if nested is None:
            continue
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            if isinstance(item, dict):
                item_name = f"{name}[{index}]" if isinstance(value, list) else name
                if unknown := _unknown_param(item, nested, item_name):
                    return unknown
    return None


def _nested_spec(spec: type, annotation: Any) -> type | None:
    module = sys.modules[spec.__module__]
    for word in re.findall(r"\w+", str(annotation)):
        candidate = getattr(module, word, None)
        # The SDK's TypedDicts come from typing_extensions: recognise them by their keys.
        if isinstance(candidate, type) and hasattr(candidate, "__required_keys__"):
            return candidate
    return None


class _Headers(dict):
    """Response headers. The SDK asks for both `Request-Id` and `request-id`, as real HTTP
    libraries answer either."""

    def _key(self, key):
        return next((name for name in self if name.lower() == str(key).lower()), key)

    def __getitem__(self, key):
        return super().__getitem__(self._key(key))

    def __contains__(self, key):
        return super().__contains__(self._key(key))

    def get(self, key, default=None):
        return super().get(self._key(key), default)


@dataclass
class _Fault:
    status: int | None  # None: the connection drops
    method: str | None
    path: str | None
    times: int
    applied: bool
    should_retry: bool
    message: str | None = None
    code: str | None = None

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and (
            self.path is None or path.startswith(self.path)
        )


@dataclass
class _Stored:
    method: str
    path: str
    params: dict
    body: str
    status: int
    headers: dict = field(default_factory=dict)


# --- object skeletons -----------------------------------------------------------------

# Fields Stripe leaves out unless asked for with `expand[]` (includable), and `deleted`.
_NOT_BY_DEFAULT = {
    "checkout.session": {"line_items"},
    "invoice": {"payments"},
    "charge": {"refunds"},
    "customer": {"subscriptions", "sources", "tax_ids", "cash_balance", "invoice_credit_balance"},
}


def _skeleton(resource: type) -> dict:
    """Every field the SDK knows for `resource`, with Stripe's empty value: nullable fields
    null, lists empty, booleans false, counts zero, metadata empty."""
    skip = _NOT_BY_DEFAULT.get(resource.OBJECT_NAME, set()) | {"id", "object", "deleted"}
    blank = {}
    for name, hint in sorted(resource.__annotations__.items()):
        text = str(hint)
        if name in skip or name.startswith("_") or "ClassVar" in text:
            continue
        if "NoneType" in text or text.startswith("typing.Optional"):
            blank[name] = None
        elif text.startswith("typing.List"):
            blank[name] = []
        elif hint is bool:
            blank[name] = False
        elif hint is int:
            blank[name] = 0
        elif "UntypedStripeObject" in text:
            blank[name] = {}
        else:
            blank[name] = None
    return blank


def _add_interval(timestamp: int, interval: str, count: int = 1) -> int:
    """`timestamp` moved on by `count` intervals the way Stripe bills (same day of month,
    clamped to the month's end)."""
    if interval in ("day", "week"):
        return timestamp + count * DAY * (7 if interval == "week" else 1)
    moment = datetime.fromtimestamp(timestamp, UTC)
    months = moment.month - 1 + count * (12 if interval == "year" else 1)
    year, month = moment.year + months // 12, months % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return int(moment.replace(year=year, month=month, day=day).timestamp())


def _int(value: Any, param: str, *, minimum: int | None = None) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _invalid(f"Invalid integer: {value}", param=param) from None
    if minimum is not None and number < minimum:
        raise _invalid(
            f"This value must be greater than or equal to {minimum}.",
            param=param,
            code="parameter_invalid_integer",
        )
    return number


def _bool(value: Any, param: str) -> bool:
    if value in ("true", True):
        return True
    if value in ("false", False):
        return False
    raise _invalid(f"Invalid boolean: {value}", param=param)


def _metadata(value: Any, param: str = "metadata", current: dict | None = None) -> dict:
    """Stripe's metadata rules: up to 50 keys, keys up to 40 characters, values up to 500;
    an empty value removes a key, an empty string for the whole field clears it."""
    merged = dict(current or {})
    if value in ("", None):
        return {} if value == "" else merged
    if not isinstance(value, dict):
        raise _invalid("Invalid object", param=param)
    for key, item in value.items():
        if len(key) > 40:
            raise _invalid(f"Metadata keys can have up to 40 characters: {key}", param=param)
        if len(item) > 500:
            raise _invalid(
                f"Metadata values can have up to 500 characters, but you passed in a value "
                f"that is {len(item)} characters.",
                param=f"{param}[{key}]",
            )
        if item == "":
            merged.pop(key, None)
        else:
            merged[key] = item
    if len(merged) > 50:
        raise _invalid("Metadata can have up to 50 keys.", param=param)
    return merged


def _previous(before: dict, after: dict) -> dict:
    """Stripe's `previous_attributes`: the old values of what changed; for nested objects
    only the keys that changed."""
    changed = {}
    for name, old in before.items():
        new = after.get(name)
        if old == new:
            continue
        both_dicts = isinstance(old, dict) and isinstance(new, dict) and old.get("object") != "list"
        changed[name] = _previous(old, new) if both_dicts else old
    return changed


def _money(amount: int, currency: str) -> str:
    symbol = {"gbp": "£", "usd": "$", "eur": "€"}.get(currency)
    return f"{symbol}{amount / 100:.2f}" if symbol else f"{amount / 100:.2f} {currency}"


# --- the fake -------------------------------------------------------------------------


class FakeStripe(stripe.HTTPClient):
    """An in-memory Stripe test-mode account behind the SDK's HTTP client interface."""

    name = "fake-stripe"

    checkout_base_url = "https://checkout.stripe.test/c/pay"
    portal_base_url = "https://billing.stripe.test/p/session"
    receipt_base_url = "https://pay.stripe.test/receipts/payment"
    invoice_base_url = "https://invoice.stripe.test/i/acct_fake"
    account_name = "Keep it Local Network (test)"

    def __init__(self, *, clock: int | None = None):
        super().__init__()
        self.clock = clock
        self.unreachable = False
        self.requests: list[RecordedRequest] = []
        self.events: list[dict] = []
        self._objects: dict[str, dict] = {}
        self._order: dict[str, int] = {}
        self._ids = itertools.count(1)
        self._idempotent: dict[str, _Stored] = {}
        self._faults: list[_Fault] = []
        self._lock = threading.RLock()
        self._request_context: dict | None = None  # {"id", "idempotency_key"} while serving
        self._session_extra: dict[str, dict] = {}
        self._invoice_payment_intent: dict[str, str] = {}
        self._events_about: dict[tuple[str, str], dict] = {}

    # -- time and ids --

    def now(self) -> int:
        """Seconds since the epoch: `clock` when a test set it, else the real time."""
        return int(self.clock) if self.clock is not None else int(time.time())

    def advance(self, seconds: int) -> int:
        """Move the fake's clock on (freezing it first if it was following real time)."""
        self.clock = self.now() + seconds
        return self.clock

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_Fk{next(self._ids):010d}"

    # -- the HTTPClient interface --

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        with self._lock:
            return self._serve(method.upper(), url, headers or {}, post_data)

    def request_stream(self, method, url, headers, post_data=None, *, _usage=None):
        raise NotImplementedError("FakeStripe answers no streaming endpoints")

    def close(self):
        pass

    async def request_async(self, method, url, headers, post_data=None):
        return self.request(method, url, headers, post_data)

    async def close_async(self):
        pass

    def sleep_async(self, secs):
        return asyncio.sleep(secs)

    # -- faults --

    def fail_next(
        self,
        status: int = 500,
        *,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
        applied: bool = False,
        should_retry: bool = False,
        message: str | None = None,
        code: str | None = None,
    ) -> None:
        """The next `times` requests (matching `method` and a `path` prefix, if given) get a
        Stripe error with `status`. With `applied=True` Stripe acted first (and stored the
        answer under the idempotency key), so a retry with the same key replays success.
        `should_retry=False` sends `Stripe-Should-Retry: false` so the SDK surfaces the
        error at once instead of retrying (and sleeping)."""
        self._faults.append(
            _Fault(status, method, path, times, applied, should_retry, message, code)
        )

    def drop_next(
        self,
        *,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
        applied: bool = True,
        should_retry: bool = False,
    ) -> None:
        """The next `times` matching requests reach Stripe (and act, unless
        `applied=False`) but the answer is lost: the caller gets `APIConnectionError`."""
        self._faults.append(_Fault(None, method, path, times, applied, should_retry))

    def _take_fault(self, method: str, path: str) -> _Fault | None:
        for fault in self._faults:
            if fault.matches(method, path):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    @staticmethod
    def _connection_error(should_retry: bool) -> stripe.APIConnectionError:
        return stripe.APIConnectionError(
            "Unexpected error communicating with Stripe. If this problem persists, let us "
            "know at support@stripe.com.\n\n(Network error: ConnectionError: fake Stripe "
            "is unreachable)",
            should_retry=should_retry,
        )

    def _fault_answer(self, fault: _Fault, request_id: str):
        status = fault.status or 500
        if status >= 500:
            kind, message = "api_error", "An unknown error occurred"
        elif status == 429:
            kind, message = "invalid_request_error", "Too many requests hit the API too quickly."
        else:
            kind, message = "invalid_request_error", "The request failed."
        error = ApiError(status, fault.message or message, type=kind, code=fault.code)
        headers = _Headers({"Content-Type": "application/json", "Request-Id": request_id})
        headers["Stripe-Should-Retry"] = "true" if fault.should_retry else "false"
        return json.dumps({"error": error.body}, indent=2), status, headers

    # -- serving --

    def _serve(self, method: str, url: str, headers, post_data):
        parts = urlsplit(url)
        raw = parts.query if method in ("GET", "DELETE") else post_data or ""
        if isinstance(raw, bytes):
            raw = raw.decode()
        params = parse_params(raw)
        lowered = {str(name).lower(): value for name, value in headers.items()}
        authorization = lowered.get("authorization", "")
        api_key = authorization[len("Bearer ") :] if authorization.startswith("Bearer ") else None
        key = lowered.get("idempotency-key")
        record = RecordedRequest(
            method, parts.path, params, key, api_key, lowered.get("stripe-version")
        )
        self.requests.append(record)
        if self.unreachable:
            raise self._connection_error(should_retry=False)

        request_id = self._new_id("req")
        fault = self._take_fault(method, parts.path)
        if fault and not fault.applied:
            if fault.status is None:
                raise self._connection_error(fault.should_retry)
            body, status, answer_headers = self._fault_answer(fault, request_id)
            record.status = status
            return body, status, answer_headers

        body, status, answer_headers = self._answer(method, parts.path, params, record, request_id)
        if fault:
            if fault.status is None:
                record.status = None
                raise self._connection_error(fault.should_retry)
            body, status, answer_headers = self._fault_answer(fault, request_id)
        record.status = status
        return body, status, answer_headers

    def _answer(self, method, path, params, record: RecordedRequest, request_id: str):
        key = record.idempotency_key
        headers = _Headers(
            {
                "Content-Type": "application/json",
                "Request-Id": request_id,
                "Stripe-Version": record.stripe_version or API_VERSION,
            }
        )
        if key:
            headers["Idempotency-Key"] = key
        try:
            self._authenticate(record.api_key)
            if method == "POST" and key and key in self._idempotent:
                stored = self._idempotent[key]
                self._check_same_request(stored, method, path, params, key)
                record.replayed = True
                return (
                    stored.body,
                    stored.status,
                    _Headers(
                        {**stored.headers, "Idempotent-Replayed": "true", "Request-Id": request_id}
                    ),
                )
            self._request_context = {
                "id": request_id,
                "idempotency_key": key if method == "POST" else None,
            }
            try:
                answer = self._dispatch(method, path, params)
            finally:
                self._request_context = None
            body, status = json.dumps(answer, indent=2), 200
        except ApiError as error:
            body, status = json.dumps({"error": error.body}, indent=2), error.status
        if method == "POST" and key and status == 200:
            self._idempotent[key] = _Stored(method, path, params, body, status, dict(headers))
        return body, status, headers

    @staticmethod
    def _authenticate(api_key: str | None) -> None:
        if not api_key:
            raise ApiError(
                401,
                "You did not provide an API key. You need to provide your API key in the "
                "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                "YOUR_SECRET_KEY').",
            )
        if not api_key.startswith(("sk_test_", "rk_test_")):
            raise ApiError(401, f"Invalid API Key provided: {api_key[:8]}****{api_key[-4:]}")

    @staticmethod
    def _check_same_request(stored: _Stored, method, path, params, key) -> None:
        if (stored.method, stored.path) != (method, path):
            raise ApiError(
                400,
                f"Keys for idempotent requests can only be used for the same endpoint they "
                f"were first used for ('{stored.method} {stored.path}' vs '{method} {path}'). "
                f"Try using a key other than '{key}' if you meant to execute a different "
                f"request.",
                type="idempotency_error",
            )
        if stored.params != params:
            raise ApiError(
                400,
                f"Keys for idempotent requests can only be used with the same parameters they "
                f"were first used with. Try using a key other than '{key}' if you meant to "
                f"execute a different request.",
                type="idempotency_error",
            )

    def _dispatch(self, method: str, path: str, params: dict) -> dict:
        for route in _ROUTES:
            if route.method != method or not (match := route.pattern.fullmatch(path)):
                continue
            if unknown := _unknown_param(params, _spec(route.spec)):
                raise _invalid(
                    f"Received unknown parameter: {unknown}",
                    param=unknown,
                    code="parameter_unknown",
                )
            for name in params:
                if name not in route.supported:
                    raise _invalid(
                        f"FakeStripe does not model `{name}` on {method} {route.pattern.pattern}; "
                        f"Stripe accepts it. Teach tests/payments/fake_stripe.py if the app needs "
                        f"it.",
                        param=name,
                    )
            handler = getattr(self, route.handler)
            if route.kind:  # the generic retrieve and list
                return handler(params, route, *match.groups())
            return handler(params, *match.groups())
        raise ApiError(
            404,
            f"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs "
            f"or we can help at https://support.stripe.com/.",
        )

    # -- storage, rendering, expansion, lists --

    def _store(self, obj: dict) -> dict:
        self._order.setdefault(obj["id"], len(self._order))
        self._objects[obj["id"]] = obj
        return obj

    def _new(self, resource: type, prefix: str, **fields) -> dict:
        object_id = fields.pop("id", None) or self._new_id(prefix)
        obj = {"id": object_id, "object": resource.OBJECT_NAME, **_skeleton(resource)}
        if "created" in obj:
            obj["created"] = self.now()
        obj.update(fields)
        return self._store(obj)

    def _get(self, kind: str, object_id: str, *, param: str = "id", status: int = 404) -> dict:
        obj = self._objects.get(object_id) if isinstance(object_id, str) else None
        if obj is None or obj["object"] != kind:
            raise _missing(kind, str(object_id), param=param, status=status)
        return obj

    def get(self, object_id: str) -> dict:
        """The current state of a stored object, as the API would answer (a copy)."""
        return self._render(self._objects[object_id], [])

    def all(self, kind: str) -> list[dict]:
        """Every stored object of one kind ("checkout.session", "refund"...), oldest first."""
        return [self.get(oid) for oid, obj in self._objects.items() if obj["object"] == kind]

    def _render(self, obj: dict, expand: Any) -> dict:
        rendered = copy.deepcopy(obj)
        if isinstance(expand, str):
            expand = [expand]
        tree: dict = {}
        for path in expand or []:
            node = tree
            for part in path.split("."):
                node = node.setdefault(part, {})
        self._expand(rendered, tree, "")
        return rendered

    def _includable(self, obj: dict, name: str) -> dict | None:
        kind, object_id = obj.get("object"), obj.get("id")
        if kind == "checkout.session" and name == "line_items":
            url = f"/v1/checkout/sessions/{object_id}/line_items"
            data = self._session_extra[object_id]["line_items"]
        elif kind == "invoice" and name == "payments":
            url = f"/v1/invoice_payments?invoice={object_id}"
            data = self._where("invoice_payment", invoice=object_id)
        elif kind == "charge" and name == "refunds":
            url = f"/v1/charges/{object_id}/refunds"
            data = self._where("refund", charge=object_id)
        else:
            return None
        return self._list_object(url, copy.deepcopy(data))

    def _expand(self, obj: dict, tree: dict, prefix: str) -> None:
        for name, subtree in tree.items():
            here = f"{prefix}{name}"
            if name == "data" and obj.get("object") == "list":
                for item in obj["data"]:
                    self._expand(item, subtree, here + ".")
                continue
            included = self._includable(obj, name)
            if included is not None:
                obj[name] = included
            elif name not in obj:
                raise _invalid(f"This property cannot be expanded ({here}).", param="expand")
            value = obj[name]
            if isinstance(value, str):
                if value not in self._objects:
                    raise _invalid(
                        f"This property cannot be expanded ({here}): FakeStripe does not "
                        f"store {value}.",
                        param="expand",
                    )
                obj[name] = value = copy.deepcopy(self._objects[value])
            if isinstance(value, dict):
                self._expand(value, subtree, here + ".")

    def _where(self, kind: str, **equal) -> list[dict]:
        return [
            obj
            for obj in self._objects.values()
            if obj["object"] == kind and all(obj.get(k) == v for k, v in equal.items())
        ]

    @staticmethod
    def _list_object(url: str, data: list[dict], has_more: bool = False) -> dict:
        return {"object": "list", "data": data, "has_more": has_more, "url": url}

    def _page(self, url: str, candidates: list[dict], params: dict, *, rank=None, **filters):
        """A page of `candidates` as Stripe lists them: newest first (or by `rank`), `limit`
        (default 10, at most 100), `starting_after`/`ending_before` cursors, `created`
        ranges, and equality filters given as {param: function(object) -> value}."""
        limit = _int(params.get("limit", 10), "limit", minimum=1)
        if limit > 100:
            raise _invalid(
                "This value must be less than or equal to 100.",
                param="limit",
                code="parameter_invalid_integer",
            )
        if rank is None:

            def rank(obj):
                return (-obj["created"], -self._order[obj["id"]])

        created = params.get("created")
        chosen = sorted(
            (
                obj
                for obj in candidates
                if (created is None or self._created_matches(obj["created"], created))
                and all(
                    param not in params or str(value_of(obj)) == params[param]
                    for param, value_of in filters.items()
                )
            ),
            key=rank,
        )
        for cursor_param in ("starting_after", "ending_before"):
            if cursor_param not in params:
                continue
            cursor_id = params[cursor_param]
            known = {obj["id"]: obj for obj in candidates}
            cursor = known.get(cursor_id) or self._objects.get(cursor_id)
            if cursor is None:
                raise _missing("object", cursor_id, param=cursor_param)
            mark = rank(cursor)
            if cursor_param == "starting_after":
                chosen = [obj for obj in chosen if rank(obj) > mark]
            else:
                chosen = [obj for obj in chosen if rank(obj) < mark]
                has_more = len(chosen) > limit
                chosen = chosen[-limit:]
                return self._render(self._list_object(url, chosen, has_more), params.get("expand"))
        listed = self._list_object(url, chosen[:limit], len(chosen) > limit)
        return self._render(listed, params.get("expand"))

    @staticmethod
    def _created_matches(created: int, wanted: Any) -> bool:
        if not isinstance(wanted, dict):
            return created == _int(wanted, "created")
        checks = {
            "gt": lambda bound: created > bound,
            "gte": lambda bound: created >= bound,
            "lt": lambda bound: created < bound,
            "lte": lambda bound: created <= bound,
        }
        return all(checks[op](_int(bound, f"created[{op}]")) for op, bound in wanted.items())

    # -- events --

    def _emit(
        self,
        type: str,
        obj: dict,
        *,
        about: str | None = None,
        previous_attributes: dict | None = None,
    ) -> dict:
        """Record (and return) the event Stripe sends about `obj` now: the recorded payload
        for `type` with `data.object` set to a snapshot of `obj`."""
        name = f"{type}.{obj['mode']}" if type == "checkout.session.completed" else type
        event = load_payload(name)
        event.update(
            id=self._new_id("evt"),
            api_version=API_VERSION,
            created=self.now(),
            livemode=False,
            pending_webhooks=1,
            request=dict(self._request_context or {"id": None, "idempotency_key": None}),
            type=type,
            data={"object": self._render(obj, [])},
        )
        if previous_attributes is not None:
            event["data"]["previous_attributes"] = previous_attributes
        self.events.append(event)
        self._objects[event["id"]] = event
        self._order[event["id"]] = len(self._order)
        self._events_about[(type, about or obj["id"])] = event
        return copy.deepcopy(event)

    def event_about(self, type: str, object_id: str) -> dict | None:
        """The latest event of `type` recorded about `object_id` (a copy), or None."""
        event = self._events_about.get((type, object_id))
        return copy.deepcopy(event) if event else None

    def sample_event(self, type: str) -> dict:
        """An event straight from a recorded payload, with a fresh id and time: for types
        the app ignores (e.g. "customer.created"). Not added to `events`."""
        event = load_payload(type)
        event.update(id=self._new_id("evt"), api_version=API_VERSION, created=self.now())
        return event

    # -- customers --

    def _create_customer(self, params: dict) -> dict:
        customer = self._new_customer(
            email=params.get("email"),
            name=params.get("name"),
            description=params.get("description"),
            phone=params.get("phone"),
            metadata=_metadata(params.get("metadata")),
        )
        return self._render(customer, params.get("expand"))

    def _update_customer(self, params: dict, customer_id: str) -> dict:
        """Stripe would also send customer.updated, which the site does not use."""
        customer = self._get("customer", customer_id)
        for name in ("email", "name", "description", "phone", "address", "shipping"):
            if name in params:
                customer[name] = params[name] or None
        if "metadata" in params:
            customer["metadata"] = _metadata(params["metadata"], current=customer["metadata"])
        return self._render(customer, params.get("expand"))

    def _new_customer(self, **fields) -> dict:
        serial = next(self._ids)
        customer = self._new(
            stripe.Customer,
            "cus",
            balance=0,
            invoice_prefix=f"FK{serial:06d}",
            invoice_settings={
                "custom_fields": None,
                "default_payment_method": None,
                "footer": None,
                "rendering_options": None,
            },
            next_invoice_sequence=1,
            preferred_locales=[],
            tax_exempt="none",
            **fields,
        )
        self._emit("customer.created", customer)
        return customer

    def _retrieve(self, params: dict, route: _Route, object_id: str) -> dict:
        return self._render(self._get(route.kind, object_id), params.get("expand"))

    def _list(self, params: dict, route: _Route) -> dict:
        filters = {param: functools.partial(_dig, dotted=path) for param, path in route.filters}
        return self._page(route.pattern.pattern, self._where(route.kind), params, **filters)

    # -- prices and products --

    def add_price(
        self,
        unit_amount: int,
        currency: str = "gbp",
        *,
        product_name: str = "Test product",
        interval: str | None = None,
        interval_count: int = 1,
    ) -> str:
        """A price stored in the account (as if made in the Dashboard), for sessions that
        pass `line_items[][price]`; returns its id."""
        product = self._new_product({"name": product_name})
        recurring = {"interval": interval, "interval_count": interval_count} if interval else None
        return self._new_price(unit_amount, currency, product["id"], recurring, active=True)["id"]

    def _new_product(self, data: dict) -> dict:
        return self._new(
            stripe.Product,
            "prod",
            active=True,
            description=data.get("description"),
            images=[],
            marketing_features=[],
            metadata=_metadata(data.get("metadata")),
            name=data["name"],
            updated=self.now(),
        )

    def _new_price(self, unit_amount, currency, product_id, recurring, *, active) -> dict:
        if recurring:
            recurring = {
                "interval": recurring["interval"],
                "interval_count": int(recurring.get("interval_count", 1)),
                "meter": None,
                "trial_period_days": None,
                "usage_type": "licensed",
            }
        return self._new(
            stripe.Price,
            "price",
            active=active,
            billing_scheme="per_unit",
            currency=currency,
            product=product_id,
            recurring=recurring,
            tax_behavior="unspecified",
            type="recurring" if recurring else "one_time",
            unit_amount=unit_amount,
            unit_amount_decimal=str(unit_amount),
        )

    def _price_for(self, item: dict, param: str) -> dict:
        if "price" in item:
            return self._get("price", item["price"], param=f"{param}[price]", status=400)
        data = item.get("price_data")
        if not isinstance(data, dict):
            raise _invalid(
                f"You must specify either `price` or `price_data` in {param}.", param=param
            )
        where = f"{param}[price_data]"
        currency = _require(data, "currency", where).lower()
        unit_amount = _int(_require(data, "unit_amount", where), f"{where}[unit_amount]", minimum=0)
        if "product" in data:
            product_id = self._get(
                "product", data["product"], param=f"{where}[product]", status=400
            )["id"]
        else:
            product_data = _require(data, "product_data", where)
            _require(product_data, "name", f"{where}[product_data]")
            product_id = self._new_product(product_data)["id"]
        recurring = data.get("recurring")
        if recurring is not None and recurring.get("interval") not in (
            "day",
            "week",
            "month",
            "year",
        ):
            raise _invalid(
                f"Invalid {where}[recurring][interval]: must be one of day, week, month, or year",
                param=f"{where}[recurring][interval]",
            )
        return self._new_price(unit_amount, currency, product_id, recurring, active=False)

    # -- checkout sessions --

    def _create_session(self, params: dict) -> dict:
        mode = _require(params, "mode")
        if mode not in ("payment", "subscription"):
            raise _invalid(
                f"FakeStripe models mode payment and subscription, not {mode}.", param="mode"
            )
        for name, only_in in (
            ("payment_intent_data", "payment"),
            ("subscription_data", "subscription"),
            ("customer_creation", "payment"),
            ("submit_type", "payment"),
        ):
            if name in params and mode != only_in:
                raise _invalid(f"You can not pass `{name}` in `{mode}` mode.", param=name)
        if "customer" in params and "customer_email" in params:
            raise _invalid(
                "You may only specify one of these parameters: customer, customer_email.",
                param="customer_email",
            )
        customer = None
        if "customer" in params:
            customer = self._get("customer", params["customer"], param="customer", status=400)["id"]

        items = _require(params, "line_items")
        line_items, currencies = [], set()
        for index, item in enumerate(items):
            where = f"line_items[{index}]"
            quantity = _int(_require(item, "quantity", where), f"{where}[quantity]", minimum=1)
            price = self._price_for(item, where)
            if mode == "payment" and price["recurring"]:
                raise _invalid(
                    "You specified `payment` mode but passed a recurring price. Either switch "
                    "to `subscription` mode or use only one-time prices.",
                    param=where,
                )
            currencies.add(price["currency"])
            amount = price["unit_amount"] * quantity
            product = self._objects[price["product"]]
            line_items.append(
                {
                    "id": self._new_id("li"),
                    "object": "item",
                    "amount_discount": 0,
                    "amount_subtotal": amount,
                    "amount_tax": 0,
                    "amount_total": amount,
                    "currency": price["currency"],
                    "description": product["name"],
                    "price": copy.deepcopy(price),
                    "quantity": quantity,
                }
            )
        if mode == "subscription" and not any(item["price"]["recurring"] for item in line_items):
            raise _invalid(
                "You must provide at least one recurring price in `subscription` mode when "
                "using prices.",
                param="line_items",
            )
        if len(currencies) > 1:
            raise _invalid("All line items must use the same currency.", param="line_items")
        currency = currencies.pop()
        total = sum(item["amount_total"] for item in line_items)
        minimum = MINIMUM_AMOUNT.get(currency, 0)
        if total < minimum:
            raise _invalid(
                f"The Checkout Session's total amount due must add up to at least "
                f"{_money(minimum, currency)} {currency}",
                param="line_items",
            )

        now = self.now()
        expires_at = now + DAY
        if "expires_at" in params:
            expires_at = _int(params["expires_at"], "expires_at")
            # Stripe allows 30 minutes to 24 hours; a minute's grace absorbs the time the
            # request spent between the app's clock and ours.
            if expires_at < now + 30 * 60 - 60:
                raise _invalid(
                    "The `expires_at` timestamp must be at least 30 minutes from Checkout "
                    "Session creation.",
                    param="expires_at",
                )
            if expires_at > now + DAY:
                raise _invalid(
                    "The `expires_at` timestamp must be less than 24 hours from Checkout "
                    "Session creation.",
                    param="expires_at",
                )
        # In this API version the request names the allowed methods; the session reports
        # them and the (here identical) set it offers.
        allowed_methods = params.get("allowed_payment_method_types")
        session_id = self._new_id("cs_test")
        session = self._new(
            stripe.checkout.Session,
            "cs_test",
            id=session_id,
            allow_promotion_codes=_bool(params["allow_promotion_codes"], "allow_promotion_codes")
            if "allow_promotion_codes" in params
            else None,
            amount_subtotal=total,
            amount_total=total,
            automatic_tax={"enabled": False, "liability": None, "provider": None, "status": None},
            billing_address_collection=params.get("billing_address_collection"),
            cancel_url=params.get("cancel_url"),
            client_reference_id=params.get("client_reference_id"),
            currency=currency,
            custom_fields=[],
            custom_text={
                "after_submit": None,
                "shipping_address": None,
                "submit": None,
                "terms_of_service_acceptance": None,
            },
            customer=customer,
            customer_creation=(
                params.get("customer_creation", "if_required")
                if mode == "payment" and not customer
                else None
            ),
            customer_email=params.get("customer_email"),
            discounts=[],
            expires_at=expires_at,
            invoice_creation=(
                {"enabled": False, "invoice_data": {"metadata": {}}} if mode == "payment" else None
            ),
            locale=params.get("locale"),
            metadata=_metadata(params.get("metadata")),
            mode=mode,
            payment_method_collection="always" if mode == "subscription" else "if_required",
            payment_method_options={},
            allowed_payment_method_types=allowed_methods,
            payment_method_types=allowed_methods or ["card"],
            payment_status="unpaid",
            phone_number_collection={"enabled": False},
            return_url=params.get("return_url"),
            shipping_options=[],
            status="open",
            submit_type=params.get("submit_type"),
            success_url=params.get("success_url"),
            total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            ui_mode=params.get("ui_mode", "hosted"),
            url=f"{self.checkout_base_url}/{session_id}",
        )
        self._session_extra[session_id] = {
            "line_items": line_items,
            "payment_intent_data": params.get("payment_intent_data") or {},
            "subscription_data": params.get("subscription_data") or {},
        }
        return self._render(session, params.get("expand"))

    def _list_session_line_items(self, params: dict, session_id: str) -> dict:
        self._get("checkout.session", session_id)
        items = self._session_extra[session_id]["line_items"]
        position = {item["id"]: index for index, item in enumerate(items)}
        url = f"/v1/checkout/sessions/{session_id}/line_items"
        # Line items come in the order they were given.
        return self._page(url, items, params, rank=lambda item: position[item["id"]])

    def _expire_session_api(self, params: dict, session_id: str) -> dict:
        session = self._get("checkout.session", session_id)
        self._expire(session)
        return self._render(session, params.get("expand"))

    def _expire(self, session: dict) -> dict:
        if session["status"] != "open":
            raise _invalid(
                f'Only Checkout Sessions with a status in ["open"] can be expired. This '
                f"Checkout Session has a status of `{session['status']}`.",
            )
        session.update(status="expired", url=None)
        return self._emit("checkout.session.expired", session)

    def _open_session(self, session_id: str) -> dict:
        session = self._objects.get(session_id)
        if session is None or session["object"] != "checkout.session":
            raise ValueError(f"FakeStripe has no Checkout Session {session_id}")
        if session["status"] != "open":
            raise ValueError(f"Checkout Session {session_id} is {session['status']}, not open")
        return session

    # -- payments: payment intents and charges --

    def _new_payment_intent(
        self, amount, currency, customer, method, *, metadata=None, description=None, email=None
    ) -> dict:
        return self._new(
            stripe.PaymentIntent,
            "pi",
            amount=amount,
            amount_capturable=0,
            amount_details={"tip": {}},
            amount_received=0,
            automatic_payment_methods=None,
            capture_method="automatic_async",
            client_secret=None,
            confirmation_method="automatic",
            currency=currency,
            customer=customer,
            description=description,
            metadata=dict(metadata or {}),
            payment_method=self._new_id("pm"),
            payment_method_options={method: {}},
            payment_method_types=[method],
            receipt_email=email,
            status="requires_payment_method",
        )

    def _charge(self, intent: dict, outcome: str, email=None, name="Test Customer") -> dict:
        """A new attempt to collect `intent`: outcome "succeeded", "pending" or "failed"."""
        method = intent["payment_method_types"][0]
        if method == "card":
            details = {
                "brand": "visa",
                "checks": {
                    "address_line1_check": None,
                    "address_postal_code_check": "pass",
                    "cvc_check": "pass",
                },
                "country": "GB",
                "exp_month": 12,
                "exp_year": 2034,
                "fingerprint": "FkCardFingerprint",
                "funding": "credit",
                "last4": "4242" if outcome != "failed" else "9995",
                "network": "visa",
                "three_d_secure": None,
                "wallet": None,
            }
        else:
            details = {
                "fingerprint": "FkBankFingerprint",
                "last4": "2345",
                "mandate": self._new_id("mandate"),
                "sort_code": "108800",
            }
        failure = outcome == "failed"
        failure_code = (
            ("card_declined" if method == "card" else "debit_not_authorized") if failure else None
        )
        failure_message = (
            (
                "Your card has insufficient funds."
                if method == "card"
                else "The customer has notified their bank that this payment was unauthorised."
            )
            if failure
            else None
        )
        charge = self._new(
            stripe.Charge,
            "ch",
            amount=intent["amount"],
            amount_captured=intent["amount"] if outcome == "succeeded" else 0,
            amount_refunded=0,
            balance_transaction=self._new_id("txn") if outcome == "succeeded" else None,
            billing_details={
                "address": dict(BUYER_ADDRESS),
                "email": email or intent["receipt_email"],
                "name": name,
                "phone": None,
                "tax_id": None,
            },
            calculated_statement_descriptor="KEEP IT LOCAL",
            captured=outcome == "succeeded",
            currency=intent["currency"],
            customer=intent["customer"],
            description=intent["description"],
            failure_code=failure_code,
            failure_message=failure_message,
            metadata=dict(intent["metadata"]),
            outcome={
                "network_status": "declined_by_network" if failure else "approved_by_network",
                "reason": "insufficient_funds" if failure else None,
                "risk_level": "normal",
                "seller_message": "The bank declined the payment."
                if failure
                else "Payment complete.",
                "type": "issuer_declined" if failure else "authorized",
            },
            paid=outcome == "succeeded",
            payment_intent=intent["id"],
            payment_method=intent["payment_method"],
            payment_method_details={"type": method, method: details},
            receipt_email=email or intent["receipt_email"],
            receipt_url=None,
            refunded=False,
            status=outcome,
        )
        charge["receipt_url"] = f"{self.receipt_base_url}/{charge['id']}"
        intent["latest_charge"] = charge["id"]
        self._settle_intent(intent, charge, outcome)
        return charge

    def _settle_intent(self, intent: dict, charge: dict, outcome: str) -> None:
        if outcome == "succeeded":
            intent.update(
                status="succeeded", amount_received=intent["amount"], last_payment_error=None
            )
            charge.update(
                status="succeeded",
                paid=True,
                captured=True,
                amount_captured=charge["amount"],
                balance_transaction=charge["balance_transaction"] or self._new_id("txn"),
            )
        elif outcome == "pending":
            intent.update(status="processing")
        else:
            if charge["status"] != "failed":  # a pending debit that bounced
                charge.update(
                    status="failed",
                    paid=False,
                    failure_code="debit_not_authorized",
                    failure_message="The customer's bank did not authorise the debit.",
                )
            intent.update(
                status="requires_payment_method",
                amount_received=0,
                last_payment_error={
                    "charge": charge["id"],
                    "code": charge["failure_code"],
                    "decline_code": "insufficient_funds"
                    if charge["failure_code"] == "card_declined"
                    else None,
                    "message": charge["failure_message"],
                    "type": "card_error",
                },
            )

    # -- subscriptions and invoices --

    def _new_subscription(self, session: dict, customer: dict, method: str) -> dict:
        extra = self._session_extra[session["id"]]
        data = extra["subscription_data"]
        now = self.now()
        sub_id = self._new_id("sub")
        items = []
        for line in extra["line_items"]:
            price = line["price"]
            recurring = price["recurring"] or {"interval": "year", "interval_count": 1}
            plan = {
                "id": price["id"],
                "object": "plan",
                **_skeleton(stripe.Plan),
                "active": True,
                "amount": price["unit_amount"],
                "amount_decimal": price["unit_amount_decimal"],
                "billing_scheme": "per_unit",
                "created": price["created"],
                "currency": price["currency"],
                "interval": recurring["interval"],
                "interval_count": recurring["interval_count"],
                "product": price["product"],
                "usage_type": "licensed",
            }
            item = {
                "id": self._new_id("si"),
                "object": "subscription_item",
                **_skeleton(stripe.SubscriptionItem),
                "created": now,
                "current_period_start": now,
                "current_period_end": _add_interval(
                    now, recurring["interval"], recurring["interval_count"]
                ),
                "plan": plan,
                "price": copy.deepcopy(price),
                "quantity": line["quantity"],
                "subscription": sub_id,
                "tax_rates": [],
            }
            items.append(item)
        return self._new(
            stripe.Subscription,
            "sub",
            id=sub_id,
            automatic_tax={"disabled_reason": None, "enabled": False, "liability": None},
            billing_cycle_anchor=now,
            billing_mode={"flexible": None, "type": "classic", "updated_at": None},
            cancellation_details={"comment": None, "feedback": None, "reason": None},
            collection_method="charge_automatically",
            currency=session["currency"],
            customer=customer["id"],
            default_payment_method=self._new_id("pm"),
            description=data.get("description"),
            invoice_settings={"account_tax_ids": None, "issuer": {"type": "self"}},
            items=self._list_object(f"/v1/subscription_items?subscription={sub_id}", items),
            metadata=_metadata(data.get("metadata"), "subscription_data[metadata]"),
            payment_settings={
                "payment_method_options": None,
                "payment_method_types": [method],
                "save_default_payment_method": "off",
            },
            start_date=now,
            status="incomplete",
        )

    def _new_invoice(self, subscription, billing_reason, method, period=None) -> dict:
        """An open invoice for the subscription's current items. `period` is the invoice's
        own (start, end): Stripe bills licensed prices in advance, so a renewal invoice's
        period is the one just ended, and the first invoice's is empty (now, now); the
        period paid for is on each line (`lines.data[].period`)."""
        customer = self._objects[subscription["customer"]]
        invoice_id = self._new_id("in")
        items = subscription["items"]["data"]
        lines = []
        for item in items:
            amount = item["price"]["unit_amount"] * item["quantity"]
            product = self._objects[item["price"]["product"]]
            lines.append(
                {
                    "id": self._new_id("il"),
                    "object": "line_item",
                    **_skeleton(stripe.InvoiceLineItem),
                    "amount": amount,
                    "currency": subscription["currency"],
                    "description": f"{item['quantity']} \u00d7 {product['name']}",
                    "discountable": True,
                    "invoice": invoice_id,
                    "parent": {
                        "invoice_item_details": None,
                        "subscription_item_details": {
                            "invoice_item": None,
                            "proration": False,
                            "proration_details": {"credited_items": None},
                            "subscription": subscription["id"],
                            "subscription_item": item["id"],
                        },
                        "type": "subscription_item_details",
                    },
                    "period": {
                        "end": item["current_period_end"],
                        "start": item["current_period_start"],
                    },
                    "pricing": {
                        "price_details": {
                            "price": item["price"]["id"],
                            "product": item["price"]["product"],
                        },
                        "type": "price_details",
                        "unit_amount_decimal": item["price"]["unit_amount_decimal"],
                    },
                    "quantity": item["quantity"],
                    "subscription": subscription["id"],
                    "subtotal": amount,
                }
            )
        total = sum(line["amount"] for line in lines)
        number = f"{customer['invoice_prefix']}-{customer['next_invoice_sequence']:04d}"
        customer["next_invoice_sequence"] += 1
        now = self.now()
        period_start, period_end = period or (now, now)
        invoice = self._new(
            stripe.Invoice,
            "in",
            id=invoice_id,
            account_country="GB",
            account_name=self.account_name,
            amount_due=total,
            amount_paid=0,
            amount_remaining=total,
            automatic_tax={
                "disabled_reason": None,
                "enabled": False,
                "liability": None,
                "provider": None,
                "status": None,
            },
            billing_reason=billing_reason,
            collection_method="charge_automatically",
            currency=subscription["currency"],
            customer=customer["id"],
            customer_email=customer["email"],
            customer_name=customer["name"],
            customer_tax_exempt="none",
            customer_tax_ids=[],
            effective_at=now,
            ending_balance=0,
            hosted_invoice_url=f"{self.invoice_base_url}/{invoice_id}",
            invoice_pdf=f"{self.invoice_base_url}/{invoice_id}/pdf",
            issuer={"type": "self"},
            lines=self._list_object(f"/v1/invoices/{invoice_id}/lines", lines),
            number=number,
            parent={
                "quote_details": None,
                "subscription_details": {
                    "metadata": dict(subscription["metadata"]),
                    "subscription": subscription["id"],
                    "subscription_proration_date": None,
                },
                "type": "subscription_details",
            },
            payment_settings={
                "default_mandate": None,
                "payment_method_options": None,
                "payment_method_types": [method],
            },
            period_end=period_end,
            period_start=period_start,
            status="open",
            status_transitions={
                "finalized_at": now,
                "marked_uncollectible_at": None,
                "paid_at": None,
                "voided_at": None,
            },
            subtotal=total,
            subtotal_excluding_tax=total,
            total=total,
            total_discount_amounts=[],
            total_excluding_tax=total,
            total_pretax_credit_amounts=[],
            total_taxes=[],
            webhooks_delivered_at=now,
        )
        subscription["latest_invoice"] = invoice_id
        return invoice

    def _attempt_invoice(self, invoice: dict, outcome: str) -> dict:
        """Stripe tries to collect `invoice`: "succeeded", "pending" (a debit in flight)
        or "failed". Returns the charge."""
        intent_id = self._invoice_payment_intent.get(invoice["id"])
        if intent_id is None:
            subscription = self._objects[invoice["parent"]["subscription_details"]["subscription"]]
            method = subscription["payment_settings"]["payment_method_types"][0]
            description = (
                "Subscription creation"
                if invoice["billing_reason"] == "subscription_create"
                else "Subscription update"
            )
            intent = self._new_payment_intent(
                invoice["amount_due"],
                invoice["currency"],
                invoice["customer"],
                method,
                description=description,
                email=invoice["customer_email"],
            )
            self._invoice_payment_intent[invoice["id"]] = intent["id"]
            self._new(
                stripe.InvoicePayment,
                "inpay",
                amount_paid=None,
                amount_requested=invoice["amount_due"],
                currency=invoice["currency"],
                invoice=invoice["id"],
                is_default=True,
                payment={
                    "charge": None,
                    "payment_intent": intent["id"],
                    "payment_record": None,
                    "type": "payment_intent",
                },
                status="open",
                status_transitions={"canceled_at": None, "paid_at": None},
            )
        else:
            intent = self._objects[intent_id]
        invoice.update(attempted=True, attempt_count=invoice["attempt_count"] + 1)
        charge = self._charge(intent, outcome)
        self._settle_invoice(invoice, outcome)
        return charge

    def _settle_invoice(self, invoice: dict, outcome: str) -> None:
        now = self.now()
        if outcome == "succeeded":
            invoice.update(
                status="paid",
                amount_paid=invoice["amount_due"],
                amount_remaining=0,
                next_payment_attempt=None,
                receipt_number=f"{invoice['number'].replace('-', '')}-R",
            )
            invoice["status_transitions"]["paid_at"] = now
            for payment in self._where("invoice_payment", invoice=invoice["id"]):
                payment.update(status="paid", amount_paid=invoice["amount_due"])
                payment["status_transitions"]["paid_at"] = now
        elif outcome == "failed":
            invoice["next_payment_attempt"] = now + 3 * DAY
        else:
            invoice["next_payment_attempt"] = None

    def _subscription(self, sub_id: str) -> dict:
        """A subscription Stripe can still act on (for the simulation helpers)."""
        subscription = self._objects.get(sub_id)
        if subscription is None or subscription["object"] != "subscription":
            raise ValueError(f"FakeStripe has no subscription {sub_id}")
        if subscription["status"] == "canceled":
            raise ValueError(f"Subscription {sub_id} is already canceled")
        return subscription

    def _next_period(self, subscription: dict) -> None:
        for item in subscription["items"]["data"]:
            recurring = item["price"]["recurring"] or {"interval": "year", "interval_count": 1}
            start = item["current_period_end"]
            item.update(
                current_period_start=start,
                current_period_end=_add_interval(
                    start, recurring["interval"], recurring["interval_count"]
                ),
            )

    def _open_invoice(self, subscription: dict) -> dict | None:
        latest = self._objects.get(subscription["latest_invoice"] or "")
        return latest if latest and latest["status"] == "open" else None

    def _subscription_changed(self, subscription: dict, before: dict, type: str) -> dict:
        previous = _previous(before, subscription) if type.endswith(".updated") else None
        return self._emit(type, subscription, previous_attributes=previous)

    def _list_subscriptions(self, params: dict) -> dict:
        status = params.get("status")
        candidates = self._where("subscription")
        if status in (None, "ended", "all"):
            if status is None:
                candidates = [s for s in candidates if s["status"] != "canceled"]
            elif status == "ended":
                candidates = [
                    s for s in candidates if s["status"] in ("canceled", "incomplete_expired")
                ]
            params = {name: value for name, value in params.items() if name != "status"}
        return self._page(
            "/v1/subscriptions",
            candidates,
            params,
            customer=functools.partial(_dig, dotted="customer"),
            status=functools.partial(_dig, dotted="status"),
            price=functools.partial(_dig, dotted="items.data.0.price.id"),
        )

    def _update_subscription(self, params: dict, sub_id: str) -> dict:
        subscription = self._get("subscription", sub_id)
        if subscription["status"] == "canceled" and set(params) - {
            "metadata",
            "cancellation_details",
            "expand",
        }:
            raise _invalid(
                "A canceled subscription can only update its cancellation_details and metadata."
            )
        before = copy.deepcopy(subscription)
        if "cancel_at_period_end" in params:
            at_end = _bool(params["cancel_at_period_end"], "cancel_at_period_end")
            period_end = subscription["items"]["data"][0]["current_period_end"]
            subscription.update(
                cancel_at_period_end=at_end, cancel_at=period_end if at_end else None
            )
            subscription["cancellation_details"]["reason"] = (
                "cancellation_requested" if at_end else None
            )
        if "metadata" in params:
            subscription["metadata"] = _metadata(
                params["metadata"], current=subscription["metadata"]
            )
        if "description" in params:
            subscription["description"] = params["description"] or None
        if "cancellation_details" in params:
            details = params["cancellation_details"] or {}
            for name in ("comment", "feedback"):
                if name in details:
                    subscription["cancellation_details"][name] = details[name] or None
        if subscription != before:
            self._subscription_changed(subscription, before, "customer.subscription.updated")
        return self._render(subscription, params.get("expand"))

    def _cancel_subscription_api(self, params: dict, sub_id: str) -> dict:
        subscription = self._get("subscription", sub_id)
        if subscription["status"] == "canceled":
            raise _missing("subscription", sub_id)
        details = params.get("cancellation_details") or {}
        self._end_subscription(subscription, "cancellation_requested", details)
        return self._render(subscription, params.get("expand"))

    def _end_subscription(
        self, subscription: dict, reason: str, details: dict | None = None
    ) -> dict:
        before = copy.deepcopy(subscription)
        now = self.now()
        subscription.update(status="canceled", canceled_at=now, ended_at=now)
        subscription["cancellation_details"] = {
            "comment": (details or {}).get("comment"),
            "feedback": (details or {}).get("feedback"),
            "reason": reason,
        }
        invoice = self._open_invoice(subscription)
        if invoice:
            invoice["next_payment_attempt"] = None
        return self._subscription_changed(subscription, before, "customer.subscription.deleted")

    # -- refunds --

    def _create_refund(self, params: dict) -> dict:
        refund = self._refund(
            payment_intent=params.get("payment_intent"),
            charge=params.get("charge"),
            amount=params.get("amount"),
            reason=params.get("reason"),
            metadata=params.get("metadata"),
        )
        return self._render(refund, params.get("expand"))

    def _refund(self, *, payment_intent=None, charge=None, amount=None, reason=None, metadata=None):
        if payment_intent is None and charge is None:
            raise _invalid(
                "One of the following params should be provided for this request: "
                "payment_intent or charge."
            )
        if payment_intent is not None:
            intent = self._get("payment_intent", payment_intent, param="payment_intent", status=400)
            charge_obj = self._objects.get(intent["latest_charge"] or "")
            if charge_obj is None or charge_obj["status"] != "succeeded":
                raise _invalid(
                    f"This PaymentIntent ({payment_intent}) does not have a successful charge "
                    f"to refund.",
                    param="payment_intent",
                )
        else:
            charge_obj = self._get("charge", charge, param="charge", status=400)
        if charge_obj["refunded"]:
            raise _invalid(
                f"Charge {charge_obj['id']} has already been refunded.",
                code="charge_already_refunded",
            )
        remaining = charge_obj["amount"] - charge_obj["amount_refunded"]
        amount = remaining if amount is None else _int(amount, "amount", minimum=1)
        if amount > remaining:
            currency = charge_obj["currency"]
            raise _invalid(
                f"Refund amount ({_money(amount, currency)}) is greater than unrefunded amount on "
                f"charge ({_money(remaining, currency)})",
                param="amount",
                code="amount_too_large",
            )
        if reason is not None and reason not in REFUND_REASONS:
            raise _invalid(
                "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
                param="reason",
            )
        method = charge_obj["payment_method_details"]["type"]
        refund = self._new(
            stripe.Refund,
            "re",
            amount=amount,
            balance_transaction=self._new_id("txn"),
            charge=charge_obj["id"],
            currency=charge_obj["currency"],
            customer=charge_obj["customer"],
            destination_details={"type": method, method: {}},
            metadata=_metadata(metadata),
            payment_intent=charge_obj["payment_intent"],
            payment_method=charge_obj["payment_method"],
            reason=reason,
            status="succeeded" if method == "card" else "pending",
        )
        charge_obj["amount_refunded"] += amount
        charge_obj["refunded"] = charge_obj["amount_refunded"] == charge_obj["amount"]
        self._emit("refund.created", refund)
        self._emit("charge.refunded", charge_obj, about=refund["id"])
        return refund

    # -- billing portal and events --

    def _create_portal_session(self, params: dict) -> dict:
        customer = self._get("customer", _require(params, "customer"), param="customer", status=400)
        portal_id = self._new_id("bps")
        portal = self._new(
            stripe.billing_portal.Session,
            "bps",
            id=portal_id,
            configuration=self._new_id("bpc"),
            customer=customer["id"],
            locale=params.get("locale"),
            return_url=params.get("return_url"),
            url=f"{self.portal_base_url}/{portal_id}",
        )
        return self._render(portal, params.get("expand"))

    def _list_events(self, params: dict) -> dict:
        events = self.events
        if "types" in params:
            events = [e for e in events if e["type"] in params["types"]]
        return self._page("/v1/events", list(events), params, type=lambda e: e["type"])

    # -- Stripe's side: what happens off the API, and the events it sends --

    def complete_session(
        self,
        session_id: str,
        *,
        payment_method: str = "card",
        async_pending: bool = False,
        email: str | None = None,
        name: str = "Test Customer",
    ) -> dict:
        """The buyer pays on the Checkout page. Payment mode: a PaymentIntent and a charge
        (with `receipt_url`) are made. Subscription mode: the customer (if the session had
        none), an active subscription (items with `current_period_start/end` a billing
        interval apart, metadata from `subscription_data`) and its first invoice
        (`billing_reason` subscription_create, paid) are made. `async_pending` (with a
        delayed method such as "bacs_debit") leaves the money in flight: the session's
        `payment_status` stays "unpaid" until `async_payment_succeeded`/`_failed`.
        Returns the checkout.session.completed event."""
        session = self._open_session(session_id)
        extra = self._session_extra[session_id]
        email = email or session["customer_email"]
        customer = self._objects.get(session["customer"] or "")
        if customer is not None:
            email = email or customer["email"]
        email = email or "customer@example.com"
        if customer is None and (
            session["mode"] == "subscription" or session["customer_creation"] == "always"
        ):
            customer = self._new_customer(email=email, name=name, metadata={})
        outcome = "pending" if async_pending else "succeeded"
        session.update(
            customer=customer["id"] if customer else None,
            customer_details={
                "address": dict(BUYER_ADDRESS),
                "business_name": None,
                "email": email,
                "individual_name": None,
                "name": name,
                "phone": None,
                "tax_exempt": "none",
                "tax_ids": [],
            },
        )
        if session["mode"] == "payment":
            data = extra["payment_intent_data"]
            intent = self._new_payment_intent(
                session["amount_total"],
                session["currency"],
                session["customer"],
                payment_method,
                metadata=data.get("metadata"),
                description=data.get("description"),
                email=email,
            )
            self._charge(intent, outcome, email, name)
            session["payment_intent"] = intent["id"]
        else:
            # As Stripe does it: the subscription starts incomplete with its first invoice,
            # and turns active once that invoice's payment succeeds (or is in flight).
            subscription = self._new_subscription(session, customer, payment_method)
            invoice = self._new_invoice(subscription, "subscription_create", payment_method)
            self._emit("customer.subscription.created", subscription)
            before = copy.deepcopy(subscription)
            self._attempt_invoice(invoice, outcome)
            subscription["status"] = "active"
            self._subscription_changed(subscription, before, "customer.subscription.updated")
            if outcome == "succeeded":
                self._emit("invoice.paid", invoice)
            session.update(subscription=subscription["id"], invoice=invoice["id"])
        session.update(
            status="complete",
            payment_status="unpaid" if async_pending else "paid",
            url=None,
        )
        return self._emit("checkout.session.completed", session)

    def redirect_after_checkout(self, session_id: str) -> str:
        """Where Stripe's Checkout page sends the buyer's browser next: the session's
        `success_url` (with `{CHECKOUT_SESSION_ID}` filled in) once complete, else its
        `cancel_url`. For a local stand-in of the Checkout page."""
        session = self._objects[session_id]
        if session["status"] == "complete":
            return session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
        return session["cancel_url"]

    def _pending_session(self, session_id: str) -> dict:
        session = self._objects.get(session_id)
        if session is None or session.get("status") != "complete":
            raise ValueError(f"Checkout Session {session_id} is not complete")
        if session["payment_status"] != "unpaid":
            raise ValueError(f"Checkout Session {session_id} has no payment in flight")
        return session

    def _session_charge(self, session: dict) -> tuple[dict, dict | None]:
        if session["mode"] == "payment":
            intent = self._objects[session["payment_intent"]]
            return intent, None
        invoice = self._objects[session["invoice"]]
        intent = self._objects[self._invoice_payment_intent[invoice["id"]]]
        return intent, invoice

    def async_payment_succeeded(self, session_id: str) -> dict:
        """The delayed debit of a completed session clears (session `payment_status` paid;
        in subscription mode the first invoice is paid and invoice.paid is sent first).
        Returns the checkout.session.async_payment_succeeded event."""
        session = self._pending_session(session_id)
        intent, invoice = self._session_charge(session)
        self._settle_intent(intent, self._objects[intent["latest_charge"]], "succeeded")
        if invoice is not None:
            self._settle_invoice(invoice, "succeeded")
            self._emit("invoice.paid", invoice)
        session["payment_status"] = "paid"
        return self._emit("checkout.session.async_payment_succeeded", session)

    def async_payment_failed(self, session_id: str) -> dict:
        """The delayed debit of a completed session fails (session stays unpaid; in
        subscription mode invoice.payment_failed is sent and the subscription is
        past_due). Returns the checkout.session.async_payment_failed event."""
        session = self._pending_session(session_id)
        intent, invoice = self._session_charge(session)
        self._settle_intent(intent, self._objects[intent["latest_charge"]], "failed")
        if invoice is not None:
            self._settle_invoice(invoice, "failed")
            self._emit("invoice.payment_failed", invoice)
            subscription = self._objects[invoice["parent"]["subscription_details"]["subscription"]]
            before = copy.deepcopy(subscription)
            subscription["status"] = "past_due"
            self._subscription_changed(subscription, before, "customer.subscription.updated")
        return self._emit("checkout.session.async_payment_failed", session)

    def expire_session(self, session_id: str) -> dict:
        """Stripe expires an open session (its `expires_at` passed). Returns the
        checkout.session.expired event."""
        return self._expire(self._open_session(session_id))

    def expire_due_sessions(self) -> list[dict]:
        """Expire every open session whose `expires_at` is past `now()`; returns the events."""
        due = [
            s
            for s in self._where("checkout.session", status="open")
            if s["expires_at"] <= self.now()
        ]
        return [self._expire(session) for session in due]

    def renew_subscription(self, sub_id: str) -> dict:
        """Stripe collects the subscription's renewal. If the latest invoice is open (a
        renewal that failed), this is Stripe's retry succeeding on that invoice; otherwise
        the items move on one billing interval and a new invoice (`subscription_cycle`) is
        paid. The subscription is active again. Sends customer.subscription.updated when
        the subscription changed; returns the invoice.paid event."""
        return self._collect_renewal(sub_id, "succeeded")

    def fail_renewal(self, sub_id: str) -> dict:
        """A renewal attempt fails (card declined). The first failure moves the period on
        and opens a `subscription_cycle` invoice; later calls are Stripe's retries of that
        invoice. The subscription becomes past_due (customer.subscription.updated is sent).
        Returns the invoice.payment_failed event."""
        return self._collect_renewal(sub_id, "failed")

    def _collect_renewal(self, sub_id: str, outcome: str) -> dict:
        subscription = self._subscription(sub_id)
        before = copy.deepcopy(subscription)
        invoice = self._open_invoice(subscription)
        if invoice is None:
            item = subscription["items"]["data"][0]
            ended = (item["current_period_start"], item["current_period_end"])
            self._next_period(subscription)
            method = subscription["payment_settings"]["payment_method_types"][0]
            invoice = self._new_invoice(subscription, "subscription_cycle", method, ended)
        paid = outcome == "succeeded"
        subscription["status"] = "active" if paid else "past_due"
        self._attempt_invoice(invoice, outcome)
        if subscription != before:
            self._subscription_changed(subscription, before, "customer.subscription.updated")
        return self._emit("invoice.paid" if paid else "invoice.payment_failed", invoice)

    def give_up_subscription(self, sub_id: str) -> dict:
        """Stripe's retries are exhausted and (per the account's settings) the subscription
        is canceled. Returns the customer.subscription.deleted event."""
        subscription = self._subscription(sub_id)
        return self._end_subscription(subscription, "payment_failed")

    def cancel_subscription(self, sub_id: str, *, at_period_end: bool = False) -> dict:
        """The customer cancels in the customer portal: at the period's end (returns
        customer.subscription.updated with `cancel_at_period_end`) or now (returns
        customer.subscription.deleted). Also what Stripe sends when a subscription set
        to cancel at period end reaches it (call again with at_period_end=False)."""
        subscription = self._subscription(sub_id)
        if not at_period_end:
            return self._end_subscription(subscription, "cancellation_requested")
        before = copy.deepcopy(subscription)
        subscription.update(
            cancel_at_period_end=True,
            cancel_at=subscription["items"]["data"][0]["current_period_end"],
        )
        subscription["cancellation_details"]["reason"] = "cancellation_requested"
        return self._subscription_changed(subscription, before, "customer.subscription.updated")

    def invoice_paid_event(self, invoice_id: str) -> dict:
        """The invoice.paid event Stripe sent for a paid invoice (made now if none was), e.g.
        the first invoice of a subscription, to deliver it before checkout.session.completed."""
        invoice = self._objects.get(invoice_id)
        if invoice is None or invoice["object"] != "invoice" or invoice["status"] != "paid":
            raise ValueError(f"Invoice {invoice_id} is not a paid invoice")
        return self.event_about("invoice.paid", invoice_id) or self._emit("invoice.paid", invoice)

    def refund_payment(
        self, payment_intent_id: str, amount: int | None = None, reason: str | None = None
    ) -> dict:
        """A refund made outside the app (in the Dashboard). Returns the charge.refunded
        event; refund.created is recorded too."""
        try:
            refund = self._refund(payment_intent=payment_intent_id, amount=amount, reason=reason)
        except ApiError as error:
            raise ValueError(str(error)) from error
        return self.refund_event(refund["id"])

    def settle_refund(self, refund_id: str, *, failed: bool = False) -> dict:
        """A pending refund (e.g. to a Bacs debit) succeeds or fails. A failed refund gives
        the money back to the charge's refundable amount. Returns the refund.updated event."""
        refund = self._objects.get(refund_id)
        if refund is None or refund["object"] != "refund" or refund["status"] != "pending":
            raise ValueError(f"Refund {refund_id} is not pending")
        before = copy.deepcopy(refund)
        if failed:
            refund.update(status="failed", failure_reason="unknown")
            charge = self._objects[refund["charge"]]
            charge["amount_refunded"] -= refund["amount"]
            charge["refunded"] = False
        else:
            refund["status"] = "succeeded"
        return self._emit("refund.updated", refund, previous_attributes=_previous(before, refund))

    def refund_event(self, refund_id: str, type: str = "charge.refunded") -> dict:
        """The event Stripe sent about a refund: "charge.refunded" (the charge, with its
        `amount_refunded`, when the refund was made), "refund.created", or "refund.updated"
        (made now from the refund's current state if none was sent)."""
        refund = self._objects.get(refund_id)
        if refund is None or refund["object"] != "refund":
            raise ValueError(f"FakeStripe has no refund {refund_id}")
        event = self.event_about(type, refund_id)
        if event is not None:
            return event
        if type == "charge.refunded":
            return self._emit(type, self._objects[refund["charge"]], about=refund_id)
        return self._emit(
            type, refund, previous_attributes={} if type == "refund.updated" else None
        )
