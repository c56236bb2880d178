package io.chartbridge.connector.fhir.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import io.chartbridge.core.project.TargetSpec.SmartBackend;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a key can be unusable is found before any request, in one line that names the file, not its content. */
class SmartKeyLoaderTest {

    private static final KeyPair RSA = TestKeys.rsa(2048);
    private final Clock clock = Clock.systemUTC();

    @TempDir
    Path dir;

    @Test
    void aPkcs8RsaPemSignsRs384UnderTheConfiguredKeyId() {
        SmartKey key = SmartKeyLoader.load(spec(TestKeys.write(dir, "k.pem", TestKeys.pem(RSA)), "kid-7"), clock);
        assertThat(key.algorithm()).isEqualTo(JWSAlgorithm.RS384);
        assertThat(key.keyId()).isEqualTo("kid-7");
        assertThat(key.toString()).doesNotContain(Base64.getEncoder().encodeToString(RSA.getPrivate().getEncoded())
                .substring(0, 20));
    }

    @Test
    void aKeyGivenInlineFromTheEnvironmentIsReadToo() {
        SmartBackend inline = new SmartBackend("https://x/token", "c", null, TestKeys.pem(RSA), "kid-7",
                List.of("system/*.read"));
        assertThat(SmartKeyLoader.load(inline, clock).algorithm()).isEqualTo(JWSAlgorithm.RS384);
    }

    @Test
    void aJwkSetGivesTheKidItHolds() {
        Path jwks = TestKeys.write(dir, "k.jwks", TestKeys.rsaJwks(RSA, "jwk-1", null));
        assertThat(SmartKeyLoader.load(spec(jwks, null), clock).keyId()).isEqualTo("jwk-1");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nowhere.pem");
        assertThatThrownBy(() -> SmartKeyLoader.load(spec(missing, "k"), clock)).isInstanceOf(SmartAuthException.class)
                .hasMessage("SMART auth: private key file " + missing + " not found (target.auth.privateKey, relative"
                        + " to project.yaml)");
    }

    @Test
    void aMalformedPemIsNamed() {
        Path bad = TestKeys.write(dir, "bad.pem", "-----BEGIN PRIVATE KEY-----\nAAAAnot-a-key\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SmartKeyLoader.load(spec(bad, "k"), clock))
                .hasMessage("SMART auth: " + bad + " is malformed: its PRIVATE KEY block is neither an RSA nor an EC"
                        + " key");
        Path truncated = TestKeys.write(dir, "cut.pem", TestKeys.pem(RSA).substring(0, 200));
        assertThatThrownBy(() -> SmartKeyLoader.load(spec(truncated, "k"), clock))
                .hasMessage("SMART auth: " + truncated + " is not a well-formed PEM file (no complete BEGIN/END block)");
        Path text = TestKeys.write(dir, "notes.txt", "my key is in the vault");
        assertThatThrownBy(() -> SmartKeyLoader.load(spec(text, "k"), clock))
                .hasMessage("SMART auth: " + text + " is neither a PEM private key nor a JWK Set");
    }

    @Test
    void aPkcs1PemSaysHowToConvertIt() {
        Path pkcs1 = TestKeys.write(dir, "old.pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SmartKeyLoader.load(spec(pkcs1, "k"), clock)).hasMessageContaining(
                "convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in OLD.pem -out NEW.pem");
    }

    @Test
    void anExpiredKeyIsRefused() {
        Date yesterday = Date.from(Instant.now().minus(Duration.ofDays(1)));
        Path jwks = TestKeys.write(dir, "old.jwks", TestKeys.rsaJwks(RSA, "jwk-old", yesterday));
        assertThatThrownBy(() -> SmartKeyLoader.load(spec(jwks, null), clock))
                .hasMessage("SMART auth: the key 'jwk-old' in " + jwks + " expired on "
                        + yesterday.toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + "; register a new key pair with the EHR");
    }

    @Test
    void keysOfTheWrongKindOrSizeAreRefused() {
        Path weak = TestKeys.write(dir, "weak.pem", TestKeys.pem(TestKeys.rsa(1024)));
        assertThatThrownBy(() -> SmartKeyLoader.load(spec(weak, "k"), clock))
                .hasMessage("SMART auth: the RSA key in " + weak + " has 1024 bits; use 2048 or more");
        Path p256 = TestKeys.write(dir, "p256.pem", TestKeys.pem(TestKeys.ec("secp256r1")));
        assertThatThrownBy(() -> SmartKeyLoader.load(spec(p256, "k"), clock))
                .hasMessage("SMART auth: the EC key in " + p256 + " is on curve P-256; SMART Backend Services signs"
                        + " ES384, which needs P-384");
    }

    @Test
    void aPemKeyNeedsAKeyIdAndAJwkSetTheOneAskedFor() {
        Path pem = TestKeys.write(dir, "k.pem", TestKeys.pem(RSA));
        assertThatThrownBy(() -> SmartKeyLoader.load(spec(pem, null), clock)).hasMessageStartingWith(
                "SMART auth: target.auth.keyId is required with a PEM key");
        Path jwks = TestKeys.write(dir, "k.jwks", TestKeys.rsaJwks(RSA, "jwk-1", null));
        assertThatThrownBy(() -> SmartKeyLoader.load(spec(jwks, "jwk-2"), clock))
                .hasMessage("SMART auth: " + jwks + " holds no private key with kid 'jwk-2' (it holds jwk-1)");
    }

    @Test
    void aJwkSetOfPublicKeysOnlyIsRefused() throws Exception {
        String publicOnly = com.nimbusds.jose.jwk.JWKSet.parse(TestKeys.rsaJwks(RSA, "jwk-1", null)).toPublicJWKSet()
                .toString();
        Path jwks = TestKeys.write(dir, "public.jwks", publicOnly);
        assertThatThrownBy(() -> SmartKeyLoader.load(spec(jwks, null), clock)).hasMessageStartingWith(
                "SMART auth: " + jwks + " holds only public keys");
    }

    private static SmartBackend spec(Path file, String kid) {
        return new SmartBackend("https://ehr.example.org/token", "client", file, null, kid, List.of("system/*.read"));
    }
}
