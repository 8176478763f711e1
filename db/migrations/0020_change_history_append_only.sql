-- The history is append-only: any UPDATE, DELETE or TRUNCATE of change_history is refused by the
-- database itself, whoever asks.
CREATE FUNCTION change_history_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'change_history is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER change_history_no_update_or_delete BEFORE UPDATE OR DELETE ON change_history
  FOR EACH ROW EXECUTE FUNCTION change_history_refuse();
--> statement-breakpoint
CREATE TRIGGER change_history_no_truncate BEFORE TRUNCATE ON change_history
  FOR EACH STATEMENT EXECUTE FUNCTION change_history_refuse();
