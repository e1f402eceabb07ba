/** The parts of the API's models the console shows (the full shapes are in @caisson/api). */

export interface Compartment {
  id: string;
  name: string;
  lifecycleState: string;
}

export interface InstanceSummary {
  id: string;
  displayName: string;
  compartmentId: string;
  availabilityDomain: string;
  lifecycleState: string;
  containerCount: number;
  shape: string;
  shapeConfig: { ocpus: number; memoryInGBs: number };
  timeCreated: string;
  freeformTags?: Record<string, string>;
}

export interface Instance extends InstanceSummary {
  containers: Array<{ containerId: string; displayName: string }>;
  vnics: Array<{ vnicId: string; subnetId?: string }>;
  containerRestartPolicy: string;
  lifecycleDetails?: string;
}

export interface Container {
  id: string;
  displayName: string;
  imageUrl: string;
  lifecycleState: string;
  lifecycleDetails?: string;
  exitCode?: number;
  timeTerminated?: string;
  containerRestartAttemptCount?: number;
  healthChecks?: Array<{ name?: string; status?: string; statusDetails?: string }>;
  command?: string[];
  arguments?: string[];
  environmentVariables?: Record<string, string>;
  containerInstanceId: string;
}

export interface WorkRequest {
  id: string;
  operationType: string;
  status: string;
  compartmentId: string;
  percentComplete: number;
  timeAccepted: string;
  timeStarted?: string;
  timeFinished?: string;
  resources: Array<{ entityType: string; actionType: string; identifier: string }>;
}

export interface WorkRequestLog {
  message: string;
  timestamp: string;
}

export interface WorkRequestError {
  code: string;
  message: string;
  timestamp: string;
}

export interface Subnet {
  id: string;
  displayName: string;
  cidrBlock: string;
}

export interface AvailabilityDomain {
  name: string;
}

export const LIFECYCLE_STATES = ["CREATING", "UPDATING", "ACTIVE", "INACTIVE", "DELETING", "DELETED", "FAILED"];
