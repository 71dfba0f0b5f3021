package io.wlabridge.kafka;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLContext;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.ManagedIdentityId;
import com.microsoft.aad.msal4j.ManagedIdentityParameters;
import com.microsoft.aad.msal4j.MsalException;

/**
 * Tokens from Entra ID through msal4j: a service principal (secret or certificate) of an Entra authority, or the
 * host's managed identity. msal4j caches the token and fetches a new one when it nears expiry.
 */
final class EntraTokenSource implements TokenSource {

    private final EntraTokenSettings settings;
    private final ConfidentialClientApplication confidential;
    private final ManagedIdentityApplication managed;

    private EntraTokenSource(EntraTokenSettings settings, ConfidentialClientApplication confidential,
            ManagedIdentityApplication managed) {
        this.settings = settings;
        this.confidential = confidential;
        this.managed = managed;
    }

    @Override
    public AccessToken acquire() throws IOException, InterruptedException {
        try {
            IAuthenticationResult result = managed != null
                    ? managed.acquireTokenForManagedIdentity(ManagedIdentityParameters.builder(
                            settings.scope().replaceFirst("/\\.default$", "")).build()).get()
                    : confidential.acquireToken(ClientCredentialParameters.builder(Set.of(settings.scope())).build()).get();
            return new AccessToken(result.accessToken(), result.expiresOnDate().getTime());
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            String code = failure instanceof MsalException msal ? msal.errorCode() : null;
            throw new IOException(code == null || code.isEmpty() ? failure.getMessage() : code + ": " + failure.getMessage(),
                    failure);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // msal4j's managed identity call declares Exception
            throw new IOException(e.getMessage(), e);
        }
    }

    static EntraTokenSource create(EntraTokenSettings settings) {
        return create(settings, true);
    }

    /**
     * @param instanceDiscovery false only where the authority is a stand-in for Entra ID: msal4j then skips asking
     *                          login.microsoftonline.com about the authority's cloud
     */
    static EntraTokenSource create(EntraTokenSettings settings, boolean instanceDiscovery) {
        try {
            if (settings.managedIdentity()) {
                return new EntraTokenSource(settings, null, ManagedIdentityApplication.builder(
                        settings.managedIdentityClientId().isEmpty() ? ManagedIdentityId.systemAssigned()
                        : ManagedIdentityId.userAssignedClientId(settings.managedIdentityClientId())).build());
            }
            ConfidentialClientApplication.Builder builder = ConfidentialClientApplication.builder(
                    settings.clientId(), credential(settings)).authority(settings.authority());
            if (!instanceDiscovery) {
                builder.instanceDiscovery(false).validateAuthority(false);
            }
            SSLContext trust = IssuerTrust.of(settings);
            if (trust != null) {
                builder.sslSocketFactory(trust.getSocketFactory());
            }
            return new EntraTokenSource(settings, builder.build(), null);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("cannot set up the OAuth client " + settings.clientId() + " for "
                    + settings.authority() + ": " + e.getMessage(), e);
        }
    }

    private static IClientCredential credential(EntraTokenSettings settings) throws IOException, GeneralSecurityException {
        if (!settings.clientSecret().isEmpty()) {
            return ClientCredentialFactory.createFromSecret(settings.clientSecret());
        }
        CertificateCredential certificate = CertificateCredential.read(settings.certificatePath(),
                settings.certificatePassword());
        return ClientCredentialFactory.createFromCertificateChain(certificate.key(), certificate.chain());
    }
}
