-- Least-privilege roles, the same in production as locally. Run as a superuser or the schema owner
-- with psql variables for the passwords, e.g.
--   psql -v reader_password=... -v writer_password=... -f sql/002_roles.sql
-- markov_reader: reads dw4 only (the weekly extract, channel_spend_history included). markov_writer: writes analytics only (the
-- optional publish of budget scenarios).
SELECT format('CREATE ROLE markov_reader LOGIN PASSWORD %L', :'reader_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'markov_reader') \gexec
SELECT format('CREATE ROLE markov_writer LOGIN PASSWORD %L', :'writer_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'markov_writer') \gexec

REVOKE ALL ON SCHEMA dw4, analytics FROM PUBLIC;

GRANT USAGE ON SCHEMA dw4 TO markov_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA dw4 TO markov_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA dw4 GRANT SELECT ON TABLES TO markov_reader;
ALTER ROLE markov_reader SET default_transaction_read_only = on;

GRANT USAGE ON SCHEMA analytics TO markov_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA analytics TO markov_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO markov_writer;
