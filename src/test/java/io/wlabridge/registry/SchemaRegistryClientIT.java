package io.wlabridge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.wlabridge.demo.RegistryStandIn;

/** Our client and the stand-in agree on the contract: every client call against the real HTTP stand-in. */
class SchemaRegistryClientIT {

    private RegistryStandIn standIn;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        standIn = new RegistryStandIn().start("127.0.0.1", 0);
        client = new SchemaRegistryClient(config());
    }

    @AfterEach
    void stop() {
        standIn.stop();
    }

    @Test
    void registerLookupLatestAndSchemaByIdAgree() {
        int v1 = client.register("orders-value", TestSchemas.ORDER_V1);
        int v2 = client.register("orders-value", TestSchemas.ORDER_V2_WITH_DEFAULT);
        SchemaRegistryClient fresh = new SchemaRegistryClient(config());

        assertThat(fresh.lookup("orders-value", TestSchemas.ORDER_V1)).get()
                .returns(v1, RegisteredSchema::id).returns(1, RegisteredSchema::version);
        assertThat(fresh.lookup("orders-value", TestSchemas.ORDER_V2_WITHOUT_DEFAULT)).isEmpty();
        assertThat(fresh.lookup("nobody-value", TestSchemas.ORDER_V1)).isEmpty();
        assertThat(fresh.latest("orders-value")).isEqualTo(new RegisteredSchema("orders-value", v2, 2, TestSchemas.ORDER_V2_WITH_DEFAULT));
        assertThat(fresh.schemaById(v1)).isEqualTo(TestSchemas.ORDER_V1);
    }

    @Test
    void incompatibleSchemaIsRefusedAndExplainedByTheCompatibilityTest() {
        client.register("orders-value", TestSchemas.ORDER_V1);

        assertThat(client.testCompatibility("orders-value", TestSchemas.ORDER_V2_WITH_DEFAULT)).isTrue();
        assertThat(client.testCompatibilityVerbose("orders-value", TestSchemas.ORDER_V2_WITHOUT_DEFAULT).messages())
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThatThrownBy(() -> client.register("orders-value", TestSchemas.ORDER_V2_WITHOUT_DEFAULT))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("orders-value");
    }

    @Test
    void basicAuthIsSentAndMissingCredentialsAreAClearError() {
        standIn.requireBasicAuth("key", "secret");

        assertThatThrownBy(() -> client.register("orders-value", TestSchemas.ORDER_V1))
                .isExactlyInstanceOf(RegistryAuthException.class)
                .hasMessageContaining(standIn.url())
                .hasMessageContaining("credentials");
        SchemaRegistryClient authenticated = new SchemaRegistryClient(config().withAuth(RegistryAuth.basic("key", "secret")));
        assertThat(authenticated.register("orders-value", TestSchemas.ORDER_V1)).isPositive();
    }

    @Test
    void bearerTokenIsSent() {
        standIn.requireBearerToken("t-1"::equals);
        SchemaRegistryClient bearer = new SchemaRegistryClient(config().withAuth(RegistryAuth.bearer(() -> "t-1", null, null)));

        assertThat(bearer.register("orders-value", TestSchemas.ORDER_V1)).isPositive();
    }

    private RegistryClientConfig config() {
        return RegistryClientConfig.of(standIn.url())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withRetries(1, Duration.ZERO, Duration.ZERO);
    }
}
