package io.chartbridge.sandbox.smart;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's one registered backend client, {@value #CLIENT_ID}, and its key pairs: an RSA key (RS384, kid
 * {@value #RSA_KID}) and an EC P-384 key (ES384, kid {@value #EC_KID}). Made on the first start with
 * {@code --auth smart} and kept next to the data, readable by the owner only, so a migration project can point at
 * them ({@code demo-client-key.pem} or {@code demo-client.jwks.json}) and a restart keeps them. The server itself
 * needs only their public halves.
 */
final class SandboxDemoClient {

    static final String CLIENT_ID = "chartbridge-demo";
    static final String RSA_KID = "demo-rs384";
    static final String EC_KID = "demo-es384";
    static final String JWKS_FILE = "demo-client.jwks.json";
    static final String PEM_FILE = "demo-client-key.pem";
    private static final Logger LOG = LoggerFactory.getLogger(SandboxDemoClient.class);

    private SandboxDemoClient() {
    }

    /** The client's public keys, after making and writing its key pairs if this data dir has none yet. */
    static JWKSet publicKeys(Path dir) {
        Path jwks = dir.resolve(JWKS_FILE);
        try {
            if (!Files.isRegularFile(jwks)) {
                create(dir);
            }
            return JWKSet.load(jwks.toFile()).toPublicJWKSet();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write or read the demo client's keys in " + dir, e);
        } catch (ParseException e) {
            throw new IllegalStateException(jwks + " is not a JWK Set; delete it to have new keys made", e);
        }
    }

    private static void create(Path dir) throws IOException {
        Files.createDirectories(dir);
        restrictToOwner(dir, "rwx------");
        try {
            RSAKey rsa = new RSAKeyGenerator(2048).keyID(RSA_KID).algorithm(JWSAlgorithm.RS384)
                    .keyUse(KeyUse.SIGNATURE).generate();
            JWKSet keys = new JWKSet(java.util.List.of(rsa, new ECKeyGenerator(Curve.P_384).keyID(EC_KID)
                    .algorithm(JWSAlgorithm.ES384).keyUse(KeyUse.SIGNATURE).generate()));
            writeOwnerOnly(dir.resolve(PEM_FILE), "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(rsa.toPrivateKey().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
            // Written last: its presence means the pair is complete.
            writeOwnerOnly(dir.resolve(JWKS_FILE), keys.toString(false));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make the demo client's key pairs", e);
        }
        LOG.info("Made the SMART demo client's key pairs in {} (client id {}, kids {} and {})", dir, CLIENT_ID,
                RSA_KID, EC_KID);
    }

    /** Created with owner-only permissions, so the key is never readable by others, not even for a moment. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void restrictToOwner(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its own access rules apply.
        }
    }
}
