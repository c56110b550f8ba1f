// The Functions app on the Flex Consumption plan (dotnet-isolated 10.0). The deployment package lives in a blob
// container reached with the app's identity; every connection is identity-based (AzureWebJobsStorage__*,
// ServiceBusConnection__*), and the only secret settings are Key Vault references.
param planName string
param appName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerUrl string
param applicationInsightsConnectionString string
param serviceBusNamespaceFqdn string
param eventTopicName string
param twilioAccountSid string
param twilioAuthTokenSecretUri string
param adminApiKeySecretUri string
param twilioFromNumber string
param twilioMessagingServiceSid string
param emailHost string
param emailPort string
param emailSecurity string
param emailUser string
param emailSignInSecretUri string
param emailFrom string
param slackEnabled bool
param slackBotTokenSecretUri string
param slackSigningSecretUri string
param teamsEnabled bool
param teamsWebhookSecretUri string
param incidentsConfigPath string
param entraClientId string = ''
param maximumInstanceCount int = 40
param instanceMemoryMB int = 2048

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  // azd finds the app to deploy the "api" service (azure.yaml) into by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    // Host storage and Durable Task's task hub, through the identity.
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    // Telemetry with the identity (local auth is disabled on Application Insights).
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    // The event stream.
    ServiceBusConnection__fullyQualifiedNamespace: serviceBusNamespaceFqdn
    ServiceBusConnection__credential: 'managedidentity'
    ServiceBusConnection__clientId: identityClientId
    IncidentEvents__TopicName: eventTopicName
    // On-call configuration, packaged with the app (see README, "Deploy to Azure"); its admin key is replaced by
    // the one in Key Vault (the app refuses to start without it, or with a reference that did not resolve).
    INCIDENTS_CONFIG: incidentsConfigPath
    IncidentAdmin__ApiKey: '@Microsoft.KeyVault(SecretUri=${adminApiKeySecretUri})'
    // Twilio. The inbound URL must be exactly what Twilio calls: it is part of what Twilio signs.
    Twilio__AccountSid: twilioAccountSid
    Twilio__AuthToken: '@Microsoft.KeyVault(SecretUri=${twilioAuthTokenSecretUri})'
    Twilio__FromNumber: twilioFromNumber
    Twilio__MessagingServiceSid: twilioMessagingServiceSid
    Twilio__InboundUrl: 'https://${app.properties.defaultHostName}/api/sms/inbound'
    // Mail (README, "Email"). No host: every mail is refused on the timeline. The password is referenced only with a
    // user: a reference to a secret that was never written would not resolve, and the app would refuse to start.
    Email__Host: emailHost
    Email__Port: emailPort
    Email__Security: emailSecurity
    Email__User: emailUser
    Email__Password: empty(emailUser) ? '' : '@Microsoft.KeyVault(SecretUri=${emailSignInSecretUri})'
    Email__From: emailFrom
    Email__LinkBaseUrl: 'https://${app.properties.defaultHostName}'
    // Slack (slack/manifest.yaml). Off, both are empty: without a bot token the app leaves Slack alone, and no
    // reference is made to secrets that may never have been written.
    Slack__BotToken: slackEnabled ? '@Microsoft.KeyVault(SecretUri=${slackBotTokenSecretUri})' : ''
    Slack__SigningSecret: slackEnabled ? '@Microsoft.KeyVault(SecretUri=${slackSigningSecretUri})' : ''
    // Teams notices to every service's channel (README "Microsoft Teams"); per-service URLs are further app settings.
    Teams__WebhookUrl: teamsEnabled ? '@Microsoft.KeyVault(SecretUri=${teamsWebhookSecretUri})' : ''
  }
}

// People sign in with Microsoft Entra ID (App Service Authentication) when an app registration is named. The platform
// then requires it for the console, which only people use, and passes the app who they are (X-MS-CLIENT-PRINCIPAL,
// after removing any copy a client sent). Every other route keeps its own credential, which a person's sign-in cannot
// stand for and the platform cannot check: integration keys on alerts, Twilio's and Slack's signatures, heartbeat
// names, the signed pager-test links, personal API tokens and the admin key of automation on the API (checked by the app:
// every function is anonymous at the host), and nothing at all for the status
// page and health. No client secret: the sign-in returns an ID token (README, "Signing in with Microsoft Entra ID").
resource auth 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(entraClientId)) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [
        '/status'
        '/api/*'
        '/v2/*'
      ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [ 'api://${entraClientId}', entraClientId ]
        }
      }
    }
    login: {
      tokenStore: { enabled: false }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
