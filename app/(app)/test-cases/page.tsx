import type { Metadata } from "next";
import { TestCasesPage } from "@/components/test-cases/test-cases-page";

export const metadata: Metadata = { title: "Test cases" };

export default function Page() {
  return <TestCasesPage />;
}
