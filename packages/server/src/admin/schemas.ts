import { Type } from "@sinclair/typebox";

// The admin API's request bodies; their types reach the handlers through InputOf<ADMIN_OPERATIONS.…>.

// Same alphabet as compartment names: the tenancy name becomes its root compartment's name.
const TENANCY_NAME = Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9._-]+$" });
// OCI user names may be e-mail addresses.
const USER_NAME = Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9._@+-]+$" });
const PUBLIC_KEY = Type.String({ minLength: 1, maxLength: 16_384 });

export const CreateTenancyDetails = Type.Object(
  {
    name: TENANCY_NAME,
    /** Name of the tenancy's first user; default `admin`. */
    userName: Type.Optional(USER_NAME),
  },
  { additionalProperties: false },
);

export const CreateUserDetails = Type.Object(
  {
    name: USER_NAME,
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
    /** PEM public key to register; without one, the server generates a key pair and returns the private half once. */
    publicKey: Type.Optional(PUBLIC_KEY),
  },
  { additionalProperties: false },
);

export const UploadApiKeyDetails = Type.Object(
  { publicKey: Type.Optional(PUBLIC_KEY) },
  { additionalProperties: false },
);
