// How a DynamoDB front end treats a request's SigV4 signature time. A signed request carries the
// signer's clock reading (X-Amz-Date); AWS accepts it only within five minutes of its own clock,
// either way, and answers "Signature expired" (or "Signature not yet current") otherwise. So a
// request that waited in a paused request router longer than that is refused when the router
// resumes, never forwarded; one that waited less is forwarded and may still be applied after its
// client gave up and retried (PutItem has no idempotency token): a real duplicate apply.
// Models: the check at the router, on the router's local clock; each attempt signed when it is
// sent (the SDKs sign every attempt anew). Leaves out: the signature itself, credentials, and
// the SDK's clock-skew correction (a client whose clock is off re-signs with the server's time).

/** SigV4's window: a signed request is valid within five minutes of its timestamp. */
export const SIGNATURE_WINDOW_US = 5 * 60 * 1_000_000;

/** The error a router answers for a request outside the window, or null when it is inside. */
export function signatureRefusal(signedAtLocalUs: number, routerLocalUs: number): 'signature-expired' | 'signature-not-yet-current' | null {
  const ageUs = routerLocalUs - signedAtLocalUs;
  if (ageUs > SIGNATURE_WINDOW_US) return 'signature-expired';
  if (ageUs < -SIGNATURE_WINDOW_US) return 'signature-not-yet-current';
  return null;
}
