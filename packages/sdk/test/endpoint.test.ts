import { describe, expect, it } from "vitest";
import { ContainerInstanceClient } from "../src/client.js";
import { apiBaseUrl, endpointForRegion, resolveRegionId } from "../src/config/endpoint.js";
import { REALMS, REGIONS } from "../src/config/regions.js";
import { InvalidConfigError } from "../src/errors.js";
import { testConfig } from "./helpers/keys.js";

// One region per realm of reference section E, with the domain that section lists.
const PER_REALM: [realm: string, region: string, domain: string][] = [
  ["oc1", "us-ashburn-1", "oraclecloud.com"],
  ["oc2", "us-langley-1", "oraclegovcloud.com"],
  ["oc3", "us-gov-ashburn-1", "oraclegovcloud.com"],
  ["oc4", "uk-gov-london-1", "oraclegovcloud.uk"],
  ["oc8", "ap-chiyoda-1", "oraclecloud8.com"],
  ["oc9", "me-dcc-muscat-1", "oraclecloud9.com"],
  ["oc10", "ap-dcc-canberra-1", "oraclecloud10.com"],
  ["oc14", "eu-dcc-milan-1", "oraclecloud14.com"],
  ["oc15", "ap-dcc-gazipur-1", "oraclecloud15.com"],
  ["oc19", "eu-frankfurt-2", "oraclecloud.eu"],
  ["oc20", "eu-jovanovac-1", "oraclecloud20.com"],
  ["oc21", "me-dcc-doha-1", "oraclecloud21.com"],
  ["oc23", "us-somerset-1", "oraclecloud23.com"],
  ["oc24", "eu-dcc-zurich-1", "oraclecloud24.com"],
  ["oc26", "me-abudhabi-3", "oraclecloud26.com"],
  ["oc29", "me-abudhabi-2", "oraclecloud29.com"],
  ["oc35", "ap-seoul-2", "oraclecloud35.com"],
  ["oc42", "us-ashburn-2", "oraclecloud42.com"],
  ["oc51", "eu-budapest-1", "oraclecloud51.com"],
  ["oc52", "sa-riodejaneiro-1", "oraclecloud52.com"],
];

describe("endpoint derivation (reference E)", () => {
  it("knows the 20 realms and 85 regions of oci-common 2.139.1", () => {
    expect(Object.keys(REALMS)).toHaveLength(20);
    expect(Object.keys(REGIONS)).toHaveLength(85);
    for (const [realm] of Object.values(REGIONS)) expect(REALMS[realm]).toBeDefined();
  });

  it.each(PER_REALM)("%s: %s → compute-containers.%s.oci.%s", (realm, region, domain) => {
    expect(REALMS[realm]).toBe(domain);
    expect(REGIONS[region]?.[0]).toBe(realm);
    expect(endpointForRegion(region, {})).toBe(`https://compute-containers.${region}.oci.${domain}`);
  });

  it.each([
    ["us-ashburn-1", "https://compute-containers.us-ashburn-1.oci.oraclecloud.com/20210415"],
    ["us-langley-1", "https://compute-containers.us-langley-1.oci.oraclegovcloud.com/20210415"],
    ["uk-gov-london-1", "https://compute-containers.uk-gov-london-1.oci.oraclegovcloud.uk/20210415"],
    ["eu-frankfurt-2", "https://compute-containers.eu-frankfurt-2.oci.oraclecloud.eu/20210415"],
    ["ap-chiyoda-1", "https://compute-containers.ap-chiyoda-1.oci.oraclecloud8.com/20210415"],
    ["foo-bar-1", "https://compute-containers.foo-bar-1.oci.oraclecloud.com/20210415"],
  ])("S4 example %s → %s", (region, expected) => {
    expect(new ContainerInstanceClient(testConfig({ region }), { env: {} }).endpoint).toBe(expected);
  });

  it("uses OCI_DEFAULT_REALM for unknown regions only", () => {
    const env = { OCI_DEFAULT_REALM: "oraclecloud99.com" };
    expect(endpointForRegion("foo-bar-1", env)).toBe("https://compute-containers.foo-bar-1.oci.oraclecloud99.com");
    expect(endpointForRegion("us-phoenix-1", env)).toBe("https://compute-containers.us-phoenix-1.oci.oraclecloud.com");
  });

  it("accepts short codes and any case", () => {
    expect(resolveRegionId("IAD")).toBe("us-ashburn-1");
    expect(endpointForRegion("lfi", {})).toBe("https://compute-containers.us-langley-1.oci.oraclegovcloud.com");
    expect(endpointForRegion("US-Phoenix-1", {})).toBe("https://compute-containers.us-phoenix-1.oci.oraclecloud.com");
  });

  it("treats a region with a dot as a domain", () => {
    expect(endpointForRegion("my.region.example.com", {})).toBe("https://compute-containers.my.region.example.com");
  });

  it("serviceEndpoint wins over the region and gets the version appended", () => {
    const client = new ContainerInstanceClient(testConfig(), { serviceEndpoint: "http://127.0.0.1:8080/" });
    expect(client.endpoint).toBe("http://127.0.0.1:8080/20210415");
    expect(apiBaseUrl("https://proxy.example.com/oci")).toBe("https://proxy.example.com/oci/20210415");
  });

  it.each(["ftp://x", "http://u:p@host", "http://host/?q=1", "http://host/#f", "not a url"])(
    "rejects serviceEndpoint %s",
    (endpoint) => {
      expect(() => apiBaseUrl(endpoint)).toThrow(InvalidConfigError);
    },
  );

  it("clientLevelRealmSpecificEndpointTemplateEnabled changes nothing for this service", () => {
    const on = new ContainerInstanceClient(testConfig(), { clientLevelRealmSpecificEndpointTemplateEnabled: true });
    expect(on.endpoint).toBe(new ContainerInstanceClient(testConfig()).endpoint);
    expect(on.clientLevelRealmSpecificEndpointTemplateEnabled).toBe(true);
  });
});
