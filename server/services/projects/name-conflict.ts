/** Turns the database's unique-name violation into an error on the form's name field. */
import { DomainError, postgresConstraintOf } from "../../errors";

export function rethrowNameConflict(error: unknown, name: string, field = "name"): never {
  if (postgresConstraintOf(error)?.constraint === "projects_name_unique") {
    throw DomainError.field("CONFLICT", field, `A project named "${name}" already exists; choose another name`, error);
  }
  throw error;
}
