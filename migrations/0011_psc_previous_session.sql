-- The session the browser held when it started a PSC login (the SameSite=Strict cookie is
-- sent to /auth/psc/login, not to the cross-site callback): ended when the new login
-- succeeds, so that a card swap never leaves the previous practitioner's session alive.
ALTER TABLE psc_login_states ADD COLUMN previous_session_hash TEXT;
