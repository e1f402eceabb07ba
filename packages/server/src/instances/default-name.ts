/** The name of an instance created without one, from its creation time (RFC 3339). */
export const defaultInstanceName = (timeCreated: string): string =>
  `container-instance-${timeCreated.replace(/[-:TZ.]/g, "").slice(0, 14)}`;
