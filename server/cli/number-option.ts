/** A command-line flag that takes a number: anything else is refused, naming the flag. */
import { InvalidArgumentError } from "commander";

export function number(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === "" || !Number.isFinite(parsed)) {
      throw new InvalidArgumentError(`${flag} takes a number, not "${value}".`);
    }
    return parsed;
  };
}
