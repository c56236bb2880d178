package io.chartbridge.connector.fhir.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;

/**
 * The client's private key, the algorithm SMART Backend Services signs with for it (RS384 for RSA, ES384 for EC
 * P-384) and the {@code kid} the EHR knows its public half by. {@link #toString()} never shows the key.
 */
public record SmartKey(PrivateKey privateKey, JWSAlgorithm algorithm, String keyId) {

    JWSSigner signer() {
        try {
            return JWSAlgorithm.ES384.equals(algorithm) ? new ECDSASigner((ECPrivateKey) privateKey)
                    : new RSASSASigner(privateKey);
        } catch (JOSEException e) {
            throw new SmartAuthException("SMART auth: cannot sign with the " + algorithm + " key '" + keyId + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SmartKey[" + algorithm + ", kid " + keyId + "]";
    }
}
