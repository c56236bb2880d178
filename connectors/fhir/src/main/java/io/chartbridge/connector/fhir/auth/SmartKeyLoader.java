package io.chartbridge.connector.fhir.auth;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.chartbridge.core.project.TargetSpec.SmartBackend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the client's private key: a PEM file (PKCS#8 {@code PRIVATE KEY}, optionally followed by its certificate)
 * or a JWK Set, from a file or from the text an environment variable gave. Everything that makes the key unusable
 * is found here, before any request: a missing or unreadable file, a format we cannot read, a key of the wrong
 * kind or size, an expired key or certificate, a JWK Set without the {@code kid} asked for. Messages name the file,
 * never its contents.
 */
final class SmartKeyLoader {

    private static final Logger LOG = LoggerFactory.getLogger(SmartKeyLoader.class);
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final int MIN_RSA_BITS = 2048;

    private SmartKeyLoader() {
    }

    static SmartKey load(SmartBackend spec, Clock clock) {
        String where = spec.privateKeyFile() != null ? spec.privateKeyFile().toString()
                : "the key given in target.auth.privateKey";
        String text = spec.privateKeyFile() != null ? read(spec.privateKeyFile()) : spec.privateKey();
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.startsWith("{")) {
            return fromJwkSet(trimmed, spec.keyId(), where, clock);
        }
        if (trimmed.contains("-----BEGIN")) {
            return fromPem(trimmed, spec.keyId(), where, clock);
        }
        throw fail(where + " is neither a PEM private key nor a JWK Set");
    }

    private static String read(Path file) {
        if (!Files.exists(file)) {
            throw fail("private key file " + file + " not found (target.auth.privateKey, relative to project.yaml)");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw fail("private key file " + file + " cannot be read");
        }
        warnIfOthersCanRead(file);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw fail("private key file " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Like ssh, say so when a private key is readable by others; not fatal, the file is the owner's choice. */
    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("The private key file {} can be read by other users; restrict it: chmod 600 {}", file, file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // No POSIX permissions on this file system: nothing to check.
        }
    }

    private static SmartKey fromPem(String text, String keyId, String where, Clock clock) {
        PrivateKey key = null;
        Matcher m = PEM_BLOCK.matcher(text);
        boolean anyBlock = false;
        while (m.find()) {
            anyBlock = true;
            String type = m.group(1);
            byte[] der = base64(m.group(2), where);
            switch (type) {
                case "PRIVATE KEY" -> key = pkcs8(der, where);
                case "CERTIFICATE" -> checkCertificate(der, where, clock);
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw fail(where + " holds a " + type + " (PKCS#1/SEC1);"
                        + " convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in OLD.pem -out NEW.pem");
                case "ENCRYPTED PRIVATE KEY" -> throw fail(where + " holds an encrypted key; store it decrypted "
                        + "(openssl pkcs8 -in OLD.pem -out NEW.pem) in a file only the migration's user can read");
                case "PUBLIC KEY" -> { } // a public half kept beside the key: not needed to sign
                default -> throw fail(where + " holds a PEM block '" + type + "', not a private key");
            }
        }
        if (!anyBlock) {
            throw fail(where + " is not a well-formed PEM file (no complete BEGIN/END block)");
        }
        if (key == null) {
            throw fail(where + " holds no PRIVATE KEY block");
        }
        if (keyId == null) {
            throw fail("target.auth.keyId is required with a PEM key: the kid under which the EHR registered its "
                    + "public key");
        }
        return new SmartKey(key, algorithmFor(key, where), keyId);
    }

    private static byte[] base64(String body, String where) {
        try {
            return Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw fail(where + " is malformed: its PEM block is not valid base64");
        }
    }

    private static PrivateKey pkcs8(byte[] der, String where) {
        for (String kind : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(kind).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Not this kind of key; try the next.
            }
        }
        throw fail(where + " is malformed: its PRIVATE KEY block is neither an RSA nor an EC key");
    }

    private static void checkCertificate(byte[] der, String where, Clock clock) {
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw fail(where + " is malformed: its CERTIFICATE block cannot be read");
        }
        checkValidity(cert.getNotBefore(), cert.getNotAfter(), "the certificate in " + where, clock);
    }

    private static void checkValidity(Date notBefore, Date notAfter, String what, Clock clock) {
        Instant now = clock.instant();
        if (notAfter != null && notAfter.toInstant().isBefore(now)) {
            throw fail(what + " expired on " + notAfter.toInstant() + "; register a new key pair with the EHR");
        }
        if (notBefore != null && notBefore.toInstant().isAfter(now)) {
            throw fail(what + " is not valid before " + notBefore.toInstant() + " (this machine's clock says "
                    + now + ")");
        }
    }

    private static SmartKey fromJwkSet(String text, String keyId, String where, Clock clock) {
        List<JWK> keys;
        try {
            keys = text.contains("\"keys\"") ? JWKSet.parse(text).getKeys() : List.of(JWK.parse(text));
        } catch (ParseException e) {
            // Nimbus's message can quote the text around the error, which may be key material: not repeated.
            throw fail(where + " is not a valid JWK Set (malformed JSON, or a key lacking a required member)");
        }
        List<JWK> candidates = new ArrayList<>();
        List<String> kids = new ArrayList<>();
        for (JWK k : keys) {
            if (k.isPrivate()) {
                kids.add(String.valueOf(k.getKeyID()));
                if (keyId == null || keyId.equals(k.getKeyID())) {
                    candidates.add(k);
                }
            }
        }
        if (kids.isEmpty()) {
            throw fail(where + " holds only public keys; ChartBridge signs with the private key (the EHR keeps the "
                    + "public one)");
        }
        if (candidates.isEmpty()) {
            throw fail(where + " holds no private key with kid '" + keyId + "' (it holds " + String.join(", ", kids)
                    + ")");
        }
        if (candidates.size() > 1) {
            throw fail(where + " holds " + candidates.size() + " private keys (" + String.join(", ", kids)
                    + "); set target.auth.keyId to the one the EHR registered");
        }
        JWK jwk = candidates.get(0);
        String kid = keyId != null ? keyId : jwk.getKeyID();
        if (kid == null) {
            throw fail(where + ": the key has no kid; set target.auth.keyId");
        }
        checkValidity(jwk.getNotBeforeTime(), jwk.getExpirationTime(), "the key '" + kid + "' in " + where, clock);
        if (jwk.getParsedX509CertChain() != null && !jwk.getParsedX509CertChain().isEmpty()) {
            X509Certificate cert = jwk.getParsedX509CertChain().get(0);
            checkValidity(cert.getNotBefore(), cert.getNotAfter(), "the certificate of key '" + kid + "'", clock);
        }
        PrivateKey key;
        try {
            key = jwk instanceof RSAKey rsa ? rsa.toPrivateKey() : jwk instanceof ECKey ec ? ec.toPrivateKey() : null;
        } catch (JOSEException e) {
            throw fail("the key '" + kid + "' in " + where + " is malformed: " + e.getMessage(), e);
        }
        if (key == null) {
            throw fail("the key '" + kid + "' in " + where + " is a " + jwk.getKeyType()
                    + " key; SMART Backend Services signs with RSA (RS384) or EC P-384 (ES384)");
        }
        JWSAlgorithm algorithm = algorithmFor(key, where);
        Algorithm declared = jwk.getAlgorithm();
        if (declared != null && !declared.getName().equals(algorithm.getName())) {
            throw fail("the key '" + kid + "' in " + where + " is declared for " + declared.getName()
                    + "; SMART Backend Services uses RS384 or ES384");
        }
        return new SmartKey(key, algorithm, kid);
    }

    /** RS384 for RSA keys of 2048 bits or more, ES384 for EC keys on P-384: what SMART asks servers to support. */
    private static JWSAlgorithm algorithmFor(PrivateKey key, String where) {
        if (key instanceof RSAPrivateKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw fail("the RSA key in " + where + " has " + bits + " bits; use " + MIN_RSA_BITS + " or more");
            }
            return JWSAlgorithm.RS384;
        }
        if (key instanceof ECPrivateKey ec) {
            ECParameterSpec params = ec.getParams();
            Curve curve = Curve.forECParameterSpec(params);
            if (!Curve.P_384.equals(curve)) {
                throw fail("the EC key in " + where + " is on curve " + (curve == null ? "unknown" : curve.getName())
                        + "; SMART Backend Services signs ES384, which needs P-384");
            }
            return JWSAlgorithm.ES384;
        }
        throw fail("the key in " + where + " is neither RSA nor EC");
    }

    private static SmartAuthException fail(String problem) {
        return new SmartAuthException("SMART auth: " + problem);
    }

    private static SmartAuthException fail(String problem, Throwable cause) {
        return new SmartAuthException("SMART auth: " + problem, cause);
    }
}
