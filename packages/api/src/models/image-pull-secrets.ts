import { type Static, Type } from "@sinclair/typebox";
import { DiscriminatedUnion, REQUEST_BODY } from "./common.js";

const registryEndpoint = Type.String({ minLength: 1, description: "Registry host the credentials are for." });

export const CreateBasicImagePullSecretDetails = Type.Object(
  {
    secretType: Type.Literal("BASIC"),
    registryEndpoint,
    // Base64 on the wire; validity is checked by checkCreateContainerInstanceLimits (JSON Schema cannot).
    username: Type.String({ minLength: 1, description: "Base64-encoded user name." }),
    password: Type.String({ minLength: 1, description: "Base64-encoded password." }),
  },
  { $id: "CreateBasicImagePullSecretDetails", ...REQUEST_BODY },
);
export type CreateBasicImagePullSecretDetails = Static<typeof CreateBasicImagePullSecretDetails>;

export const CreateVaultImagePullSecretDetails = Type.Object(
  {
    secretType: Type.Literal("VAULT"),
    registryEndpoint,
    secretId: Type.String({ minLength: 1, description: 'OCID of a Vault secret holding {"username","password"}.' }),
  },
  { $id: "CreateVaultImagePullSecretDetails", ...REQUEST_BODY },
);
export type CreateVaultImagePullSecretDetails = Static<typeof CreateVaultImagePullSecretDetails>;

export const CreateImagePullSecretDetails = DiscriminatedUnion("CreateImagePullSecretDetails", "secretType", [
  CreateBasicImagePullSecretDetails,
  CreateVaultImagePullSecretDetails,
]);
export type CreateImagePullSecretDetails = Static<typeof CreateImagePullSecretDetails>;

/** Read side: credentials are never echoed back. */
export const BasicImagePullSecret = Type.Object(
  { secretType: Type.Literal("BASIC"), registryEndpoint: Type.String() },
  { $id: "BasicImagePullSecret" },
);
export type BasicImagePullSecret = Static<typeof BasicImagePullSecret>;

export const VaultImagePullSecret = Type.Object(
  { secretType: Type.Literal("VAULT"), registryEndpoint: Type.String(), secretId: Type.String() },
  { $id: "VaultImagePullSecret" },
);
export type VaultImagePullSecret = Static<typeof VaultImagePullSecret>;

export const ImagePullSecret = DiscriminatedUnion("ImagePullSecret", "secretType", [
  BasicImagePullSecret,
  VaultImagePullSecret,
]);
export type ImagePullSecret = Static<typeof ImagePullSecret>;
