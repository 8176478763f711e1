export * from "./auth";
export * from "./evaluations";
export * from "./projects";
export * from "./realtime";
export * from "./rigs";
export * from "./test-sessions";
export * from "./videos";
export * from "./workflows";
