package be.randhub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for localhost / 127.0.0.1, made with the JDK's keytool as an operator would: a PKCS12 key
 * store for the server (the hub's HTTPS or JMS acceptor, a standalone broker) and a trust store with its
 * certificate for the clients, both under one password.
 */
public record TestCertificates(Path keyStore, Path trustStore, String password) {

    public static TestCertificates create(Path folder, String password) throws Exception {
        TestCertificates certificates = new TestCertificates(folder.resolve("server.p12"), folder.resolve("trust.p12"), password);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", certificates.keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password);
        Path certificate = folder.resolve("server.crt");
        keytool("-exportcert", "-alias", "server", "-keystore", certificates.keyStore.toString(), "-storepass", password,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", certificate.toString(), "-keystore",
                certificates.trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
        return certificates;
    }

    /** The parameters an Artemis client URL needs to trust the certificate ({@code ?} or {@code &} not included). */
    public String artemisTrustParameters() {
        return "sslEnabled=true&verifyHost=true&trustStoreType=PKCS12&trustStorePath=" + trustStore + "&trustStorePassword=" + password;
    }

    /** A TLS context for HTTP clients that trusts the certificate. */
    public SSLContext trustingContext() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            trusted.load(in, password.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }
}
