-- The demo credit union's customers who may log in only with a client certificate
-- (電子証明書方式のみ): for them, ID and password alone never log in.
ALTER TABLE bank_customers ADD COLUMN certificate_only INTEGER NOT NULL DEFAULT 0;
