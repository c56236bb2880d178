package io.chartbridge.sandbox;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.SearchTotalModeEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * HAPI's own JPA server configuration for R4 ({@link JpaR4Config}: DAOs, resource providers, search, batch2,
 * terminology; {@link HapiJpaConfig}: paging, stale-search cleanup, the full-text service that stays idle) plus the
 * few beans the jpaserver-starter adds around it: the storage settings and the {@link RestfulServer} servlet at
 * {@code /fhir}.
 */
@Configuration(proxyBeanMethods = false)
@EnableTransactionManagement
@Import({JpaR4Config.class, HapiJpaConfig.class, JpaBatch2Config.class, Batch2JobsConfig.class,
        SubscriptionChannelConfig.class,
        ThreadPoolFactoryConfig.class})
class SandboxFhirServerConfig {

    /** Plays an EHR that takes neither transactions nor client ids ({@link SandboxRefusals}). */
    @Value("${sandbox.refuse-transactions-and-client-ids:false}")
    boolean refuseTransactionsAndClientIds;

    @Bean
    JpaStorageSettings storageSettings() {
        JpaStorageSettings settings = new JpaStorageSettings();
        // Migrations PUT resources with ids derived from legacy identifiers; numeric ids would collide with
        // server-assigned ones, so HAPI's default (client ids must contain a letter) stays.
        settings.setResourceClientIdStrategy(refuseTransactionsAndClientIds
                ? JpaStorageSettings.ClientIdStrategyEnum.NOT_ALLOWED
                : JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
        // A rehearsal searches right after it writes: a cached search result from a minute ago would be wrong.
        settings.setReuseCachedSearchResultsForMillis(null);
        // Every search bundle carries Bundle.total, so "exactly one patient has this MRN" is one request.
        settings.setDefaultTotalMode(SearchTotalModeEnum.ACCURATE);
        settings.setHibernateSearchIndexFullText(false);
        settings.setHibernateSearchIndexSearchParams(false);
        // Lets a test or a user start over without deleting the data dir ($expunge).
        settings.setExpungeEnabled(true);
        settings.setAllowMultipleDelete(true);
        return settings;
    }

    /** One partition: the sandbox is a single EHR. */
    @Bean
    PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Bean
    RestfulServer fhirServer(IFhirSystemDao<?, ?> systemDao, ResourceProviderFactory resourceProviders,
            JpaSystemProvider<?, ?> systemProvider, DatabaseBackedPagingProvider pagingProvider,
            JpaStorageSettings storageSettings, ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport) {
        RestfulServer server = new RestfulServer(systemDao.getContext());
        server.registerProviders(resourceProviders.createProviders());
        server.registerProvider(systemProvider);
        server.setPagingProvider(pagingProvider);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setServerConformanceProvider(new JpaCapabilityStatementProvider(
                server, systemDao, storageSettings, searchParamRegistry, validationSupport));
        if (refuseTransactionsAndClientIds) {
            server.registerInterceptor(new SandboxRefusals());
        }
        return server;
    }

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer fhirServer) {
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(fhirServer, "/fhir/*");
        registration.setName("fhir");
        // Initialise while starting, so the first request is not the slow one and start-up errors surface early.
        registration.setLoadOnStartup(1);
        return registration;
    }
}
