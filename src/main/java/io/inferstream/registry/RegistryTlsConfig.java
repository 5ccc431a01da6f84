package io.inferstream.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS settings for talking to a registry over https: a truststore (which servers to trust) and optionally a
 * keystore (a client certificate for mutual TLS), as Confluent's {@code schema.registry.ssl.*} properties give them.
 * Built with the JDK's own KeyStore / KeyManagerFactory / TrustManagerFactory; nothing hand-rolled.
 *
 * @param truststorePath     truststore file; null trusts the JDK's default CA certificates
 * @param truststorePassword its password (may be null for a PKCS12 store without integrity check)
 * @param truststoreType     KeyStore type, e.g. PKCS12 or JKS; null means the JDK default
 * @param keystorePath       client keystore for mutual TLS; null for none
 * @param keystorePassword   its password
 * @param keystoreType       its KeyStore type; null means the JDK default
 * @param keyPassword        the private key's password; null means the keystore password
 * @param protocol           SSLContext protocol, e.g. TLS or TLSv1.3; null means TLS
 */
public record RegistryTlsConfig(
        Path truststorePath, String truststorePassword, String truststoreType,
        Path keystorePath, String keystorePassword, String keystoreType, String keyPassword,
        String protocol) {

    /** Trust the certificates in one truststore; no client certificate. */
    public static RegistryTlsConfig truststore(Path path, String password) {
        return new RegistryTlsConfig(path, password, null, null, null, null, null, null);
    }

    /** Same settings plus a client keystore for mutual TLS. */
    public RegistryTlsConfig withKeystore(Path path, String password, String keyPass) {
        return new RegistryTlsConfig(truststorePath, truststorePassword, truststoreType,
                path, password, keystoreType, keyPass, protocol);
    }

    /**
     * Loads the stores and builds the SSLContext.
     *
     * @throws IllegalArgumentException naming the file when a store cannot be read or its password is wrong
     */
    public SSLContext createSslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(truststorePath == null ? null : load(truststorePath, truststorePassword, truststoreType));
            KeyManagerFactory kmf = null;
            if (keystorePath != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String kp = keyPassword != null ? keyPassword : keystorePassword;
                kmf.init(load(keystorePath, keystorePassword, keystoreType), kp == null ? null : kp.toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance(protocol == null || protocol.isBlank() ? "TLS" : protocol);
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot build the registry SSLContext: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path path, String password, String type) {
        Objects.requireNonNull(path, "path");
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore ks = KeyStore.getInstance(type == null || type.isBlank() ? KeyStore.getDefaultType() : type);
            ks.load(in, password == null ? null : password.toCharArray());
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot load key store " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // Never print passwords.
        return "RegistryTlsConfig[truststore=" + truststorePath + ", keystore=" + keystorePath
                + ", protocol=" + protocol + "]";
    }
}
