/**
 * `sightline cases`: the regulation test-case catalog (DESIGN §13), offline. `list` prints the
 * cases (`--format json`: `[{"id","regulation","paragraph","title","parameters":{…}, …}]`);
 * `timing` gives R151's line D and last point of information for a case's speeds and impact
 * position, and with the collision point's time on a video, the event's not_before and deadline.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { catalogCase, catalogCases, type Regulation, regulations, type TestCase } from "@/lib/test-cases/catalog";
import { type R151Timing, r151Timing } from "@/lib/test-cases/r151-timing";
import { number } from "./number-option";

function regulation(value: string): Regulation {
  const upper = value
    .trim()
    .toUpperCase()
    .replace(/^UN\s*/, "");
  const found = regulations.find((r) => r === upper);
  if (!found) throw new InvalidArgumentError(`--regulation must be one of ${regulations.join(", ")}`);
  return found;
}

const show = (v: unknown) => (v === null ? "—" : String(v));

function table(cases: readonly TestCase[]): string {
  return cases
    .map((c) => {
      const parameters = Object.entries(c.parameters)
        .map(([k, v]) => `${k}=${show(v)}${c.verify[k] ? " (verify)" : ""}`)
        .join(", ");
      return `${c.id}  §${c.paragraph}  ${c.title}\n    ${parameters}`;
    })
    .join("\n");
}

function timingText(t: R151Timing): string {
  const rows: [string, string][] = [
    ["bicycle run from line A (m)", t.dAM.toFixed(2)],
    ["line C, last point of information, before the collision point (m)", t.dCM.toFixed(2)],
    ["line D before the collision point (m)", t.dDM.toFixed(2)],
    ["vehicle at line C (s, relative to the collision)", t.lpiS.toFixed(3)],
    ["vehicle at line D (s, relative to the collision)", t.lineDS.toFixed(3)],
  ];
  if (t.window) {
    rows.push(["not_before on the video (s)", t.window.notBeforeS.toFixed(3)]);
    rows.push(["deadline on the video (s)", t.window.deadlineS.toFixed(3)]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

export function registerCases(program: Command): void {
  const cases = program.command("cases").description("the UN R151 / R159 test-case catalog");
  cases
    .command("list")
    .description("list the catalog's test cases with their parameters and paragraphs")
    .option("--regulation <regulation>", `only one regulation (${regulations.join(" or ")})`, regulation)
    .addOption(new Option("--format <format>", "output").choices(["table", "json"]).default("table"))
    .action((flags: { regulation?: Regulation; format: string }) => {
      const list = catalogCases(flags.regulation);
      process.stdout.write(flags.format === "json" ? `${JSON.stringify(list)}\n` : `${table(list)}\n`);
    });
  cases
    .command("timing")
    .description(
      "R151: line D and the last point of information for a vehicle speed, bicycle speed and impact position",
    )
    .option("--case <id>", "take the speeds and impact position from a catalog case (e.g. R151-D1)")
    .option("--vehicle-speed-kmh <v>", "vehicle speed (km/h)", number("--vehicle-speed-kmh"))
    .option("--bicycle-speed-kmh <v>", "bicycle speed (km/h)", number("--bicycle-speed-kmh"))
    .option("--impact-position-m <m>", "impact position (m)", number("--impact-position-m"))
    .option(
      "--collision-time-s <t>",
      "the collision point's time on the video (s): gives not_before and deadline",
      number("--collision-time-s"),
    )
    .addOption(new Option("--format <format>", "output").choices(["table", "json"]).default("table"))
    .action((flags) => {
      const from = flags.case ? catalogCase(String(flags.case).toUpperCase()) : undefined;
      if (flags.case && !from) throw new Error(`there is no test case ${flags.case}: see sightline cases list`);
      const p = from?.parameters ?? {};
      const pick = (flag: unknown, key: string, name: string): number => {
        const value = flag ?? p[key];
        if (typeof value !== "number") {
          throw new Error(`${name} is required${from ? ` (the case ${from.id} has no ${key})` : ""}`);
        }
        return value;
      };
      const t = r151Timing({
        vehicleSpeedKmh: pick(flags.vehicleSpeedKmh, "vehicle_speed_kmh", "--vehicle-speed-kmh"),
        bicycleSpeedKmh: pick(flags.bicycleSpeedKmh, "bicycle_speed_kmh", "--bicycle-speed-kmh"),
        impactPositionM: pick(flags.impactPositionM, "impact_position_m", "--impact-position-m"),
        collisionTimeS: flags.collisionTimeS ?? null,
      });
      if (flags.format === "json") {
        process.stdout.write(
          `${JSON.stringify({
            d_a_m: t.dAM,
            d_c_m: t.dCM,
            d_d_m: t.dDM,
            lpi_s: t.lpiS,
            line_d_s: t.lineDS,
            not_before_s: t.window?.notBeforeS ?? null,
            deadline_s: t.window?.deadlineS ?? null,
          })}\n`,
        );
      } else process.stdout.write(`${timingText(t)}\n`);
    });
}
