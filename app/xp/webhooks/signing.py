"""What a webhook request carries besides its body: Trophy's signature and Standard Webhooks'.

Both are HMAC-SHA256 over the raw body, keyed by the endpoint's secret ("whsec_" + base64),
but with different bytes of it:

- `X-Trophy-Signature`, Trophy's header: base64 of HMAC-SHA256(body), keyed by the secret
  string's UTF-8 bytes exactly as shown (the "whsec_" prefix included), as Trophy's own
  verification example does with its secret.
- `webhook-signature`, Standard Webhooks: "v1," + base64 of HMAC-SHA256 of
  "<webhook-id>.<webhook-timestamp>.<body>", keyed by the base64-decoded part after
  "whsec_". The timestamp is the attempt's, so a replayed request grows stale; `webhook-id`
  is the message's, the same on every retry, so receivers can de-duplicate.
"""

import base64
import hashlib
import hmac
import json
from datetime import datetime

from standardwebhooks import Webhook

from app.xp.models.webhooks import webhook_id

USER_AGENT = "StudyXP-Webhooks/1"


def body_bytes(payload: dict) -> bytes:
    """The request body: the payload as compact UTF-8 JSON (what both signatures cover)."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def trophy_signature(secret: str, body: bytes) -> str:
    """Trophy's X-Trophy-Signature: base64 HMAC-SHA256 of the body, keyed by the secret text."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def signed_headers(secret: str, message_uuid: str, body: bytes, at: datetime) -> dict[str, str]:
    """Every header of one attempt at sending `body` at `at`."""
    msg_id = webhook_id(message_uuid)
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Trophy-Signature": trophy_signature(secret, body),
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, at, body),
    }
