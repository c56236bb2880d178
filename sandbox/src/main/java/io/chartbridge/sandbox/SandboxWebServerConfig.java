package io.chartbridge.sandbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Embedded Tomcat, reachable from this machine only. */
@Configuration(proxyBeanMethods = false)
class SandboxWebServerConfig {

    @Bean
    TomcatServletWebServerFactory servletWebServerFactory(@Value("${sandbox.port}") int port)
            throws UnknownHostException {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(port);
        // 127.0.0.1 exactly: getLoopbackAddress() may give ::1, and the scripts and tests talk IPv4.
        factory.setAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        // No JSP, no session persistence, no default servlet: the FHIR servlet is all this server serves.
        factory.setRegisterDefaultServlet(false);
        // FHIR token searches put '|' in the query (identifier=system|value); curl and browsers send it unencoded.
        factory.addConnectorCustomizers(connector -> connector.setProperty("relaxedQueryChars", "|"));
        return factory;
    }
}
