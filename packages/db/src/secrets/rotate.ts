// `pnpm weft secrets rotate`: every stored secret re-encrypted under a new key.
// - Key file (WEFT_SECRET_KEY unset): a new key is generated and written first in the file, the old one kept after it
//   (so a crash half-way leaves every value readable); every secret is resealed; then the old key is dropped.
// - WEFT_SECRET_KEY set: the operator puts the new key there and the old one in WEFT_SECRET_KEY_PREVIOUS; this reseals
//   everything under WEFT_SECRET_KEY; removing WEFT_SECRET_KEY_PREVIOUS afterwards retires the old key.
import type { PrismaClient } from "../generated/prisma/client";
import { assertCredentialKeys, resealAllCredentials } from "./credentials";
import { newSecretKey, readKeyFile, reloadKeyring, writeKeyFile } from "./keyring";
import { isSealed, sealedKeyId } from "./seal";
import { assertWebhookSecretKeys, countWebhookSecretsNotUnder, resealWebhookSecrets } from "./webhook-secrets";

export type RotationResult = {
  keyId: string;
  retiredKeyIds: string[];
  rows: number;
  keyFile: string | null;
  notUnderNewKey: number;
  webhookSecrets: number;
};

/** Rows whose credentials hold a value that is not sealed under `keyId` (a writer still using an older key). */
async function countNotUnder(prisma: PrismaClient, keyId: string): Promise<number> {
  const rows = await prisma.sourceConnection.findMany({ select: { credentials: true } });
  const connections = rows.filter((r) =>
    Object.values((r.credentials ?? {}) as Record<string, unknown>).some(
      (v) => !isSealed(v) || sealedKeyId(v) !== keyId,
    ),
  ).length;
  return connections + (await countWebhookSecretsNotUnder(prisma, keyId));
}

export async function rotateSecrets(prisma: PrismaClient): Promise<RotationResult> {
  const before = reloadKeyring();
  if (!before.file) {
    await assertWebhookSecretKeys(prisma, before);
    const rows = await resealAllCredentials(prisma, before);
    const webhookSecrets = await resealWebhookSecrets(prisma, before);
    const retiredKeyIds = before.all.slice(1).map((k) => k.id);
    return {
      keyId: before.current.id,
      retiredKeyIds,
      rows,
      keyFile: null,
      notUnderNewKey: await countNotUnder(prisma, before.current.id),
      webhookSecrets,
    };
  }
  const file = before.file;
  await assertCredentialKeys(prisma, before);
  await assertWebhookSecretKeys(prisma, before);
  const old = readKeyFile(file);
  const fresh = newSecretKey();
  writeKeyFile(file, [fresh, ...old]);
  const during = reloadKeyring();
  const rows = await resealAllCredentials(prisma, during);
  const webhookSecrets = await resealWebhookSecrets(prisma, during);
  const notUnderNewKey = await countNotUnder(prisma, during.current.id);
  // Keep the old keys while anything still needs them; a second run finishes the job.
  if (notUnderNewKey === 0) writeKeyFile(file, [fresh]);
  reloadKeyring();
  return {
    keyId: during.current.id,
    retiredKeyIds: notUnderNewKey === 0 ? before.all.map((k) => k.id) : [],
    rows,
    keyFile: file,
    notUnderNewKey,
    webhookSecrets,
  };
}
