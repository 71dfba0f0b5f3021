package io.wlabridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.wlabridge.config.ConfigException;

class TopicPermissionsTest {

    private final TopicPermissions permissions = TopicPermissions.parse(
            " produce:acc.*=wla-producers ; consume:*=wla-readers;metadata:*=wla-readers,wla-producers;"
                    + "create:acc.?=wla-admins;*:sandbox.*=sandbox-role;");

    @Test
    void groupMayDoItsOperationOnTopicsItsGlobMatches() {
        assertThat(permissions.allows(Set.of("wla-producers"), ApiOperation.PRODUCE, "acc.timetravel")).isTrue();
        assertThat(permissions.allows(Set.of("wla-producers"), ApiOperation.PRODUCE, "prod.timetravel")).isFalse();
        assertThat(permissions.allows(Set.of("wla-producers"), ApiOperation.CONSUME, "acc.timetravel")).isFalse();
        assertThat(permissions.allows(Set.of("wla-readers"), ApiOperation.CONSUME, "anything")).isTrue();
        assertThat(permissions.allows(Set.of("wla-producers"), ApiOperation.METADATA, "x")).isTrue();
    }

    @Test
    void questionMarkMatchesOneCharacterAndDotsAreLiteral() {
        assertThat(permissions.allows(Set.of("wla-admins"), ApiOperation.CREATE, "acc.1")).isTrue();
        assertThat(permissions.allows(Set.of("wla-admins"), ApiOperation.CREATE, "acc.12")).isFalse();
        assertThat(permissions.allows(Set.of("wla-producers"), ApiOperation.PRODUCE, "accXtimetravel")).isFalse();
    }

    @Test
    void wildcardOperationCoversAllOperations() {
        for (ApiOperation operation : ApiOperation.values()) {
            assertThat(permissions.allows(Set.of("sandbox-role"), operation, "sandbox.t")).isTrue();
        }
    }

    @Test
    void nothingIsAllowedWithoutAMatchingRule() {
        assertThat(TopicPermissions.parse("").allows(Set.of("wla-admins"), ApiOperation.METADATA, "t")).isFalse();
        assertThat(permissions.allows(Set.of(), ApiOperation.CONSUME, "t")).isFalse();
        assertThat(permissions.allowsAny(Set.of("wla-admins"), ApiOperation.METADATA)).isFalse();
        assertThat(permissions.allowsAny(Set.of("wla-readers"), ApiOperation.METADATA)).isTrue();
    }

    @Test
    void deniedCheckIs403NamingClientOperationAndTopic() {
        ApiCaller caller = new ApiCaller("app-1", "sub", Set.of("wla-readers"));
        assertThatThrownBy(() -> permissions.check(caller, ApiOperation.PRODUCE, "acc.t"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("app-1").contains("produce").contains("acc.t");
                });
    }

    @Test
    void aRuleMayGrantAClientByItsId() {
        TopicPermissions byClient = TopicPermissions.parse("produce:bill.*=client:billing-app,wla-producers");
        assertThat(byClient.allows(Set.of("client:billing-app"), ApiOperation.PRODUCE, "bill.x")).isTrue();
        assertThat(byClient.allows(Set.of("client:other-app"), ApiOperation.PRODUCE, "bill.x")).isFalse();
        assertThat(byClient.allows(Set.of("billing-app"), ApiOperation.PRODUCE, "bill.x"))
                .as("a group named like the client is not the client").isFalse();
    }

    @Test
    void malformedRulesAreConfigErrorsNamingTheRule() {
        assertThatThrownBy(() -> TopicPermissions.parse("produce=wla")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'produce=wla'");
        assertThatThrownBy(() -> TopicPermissions.parse("write:*=wla")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("operation");
        assertThatThrownBy(() -> TopicPermissions.parse("produce:*=")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> TopicPermissions.parse("produce:*= , ")).isInstanceOf(ConfigException.class);
    }
}
