import type { Container, ContainerInstance } from "@caisson/api";

/** What an instance row's `doc` holds: the ContainerInstance minus the fields that live in columns. */
export type InstanceDoc = Omit<
  ContainerInstance,
  "id" | "displayName" | "compartmentId" | "availabilityDomain" | "lifecycleState" | "timeCreated" | "timeUpdated"
>;

/** What a container row's `doc` holds. */
export type ContainerDoc = Omit<
  Container,
  | "id"
  | "displayName"
  | "compartmentId"
  | "availabilityDomain"
  | "lifecycleState"
  | "timeCreated"
  | "timeUpdated"
  | "containerInstanceId"
>;
