-- Web Push (RFC 8291) keys of a JMAP PushSubscription: the device's P-256 public key and
-- auth secret, base64url; null for a subscription that only gets the PushVerification.
-- Never returned to any client.
ALTER TABLE push_subscriptions ADD COLUMN p256dh TEXT;
ALTER TABLE push_subscriptions ADD COLUMN auth TEXT;
