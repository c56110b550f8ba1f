// IncidentFunctions in one resource group: `azd up` provisions this, then deploys the Functions app into it.
// Everything authenticates with one user-assigned managed identity; no keys are created or stored (the Twilio auth
// token and the Slack app's token and signing secret, which they issue, go to Key Vault).
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name; names and tags every resource.')
param environmentName string

@minLength(1)
@description('Azure region for every resource (one that offers the Flex Consumption plan).')
param location string

@minLength(34)
@description('Twilio Account SID (AC followed by 32 hex digits). The deployed app pages through Twilio; it has no outbox.')
param twilioAccountSid string

@secure()
@description('Twilio Auth Token, stored in Key Vault only (the app reads it through a Key Vault reference). Give it on the first provision, or set the secret twilio-auth-token yourself; empty keeps the stored one.')
param twilioAuthToken string = ''

@secure()
@description('The admin key: automation\'s credential on the API (x-functions-key), and the key of the console\'s session cookies and pager-test links; at least 12 characters. Stored in Key Vault as admin-api-key; empty keeps the stored one. People sign in as themselves (one-time code or Entra ID) and use personal API tokens.')
param adminApiKey string = ''

@description('Who runs `azd up` (azd fills in AZURE_PRINCIPAL_ID): may set and rotate the vault\'s secrets. Empty: nobody but the app reads the vault.')
param principalId string = ''

@description('The Twilio number pages are sent from, in E.164 (+15551234567). Or use twilioMessagingServiceSid.')
param twilioFromNumber string = ''

@description('Twilio Messaging Service SID (MGxxxxxxxx…), instead of a from number.')
param twilioMessagingServiceSid string = ''

@description('Mail server (SMTP submission host) for notifications by email. Empty: nothing is mailed, and each incident\'s timeline says so.')
param emailHost string = ''

@description('Its port; empty: 587 for StartTls, 465 for Tls, 25 for None.')
param emailPort string = ''

@allowed(['StartTls', 'Tls', 'None'])
@description('StartTls (required, never skipped), Tls from the first byte, or None.')
param emailSecurity string = 'StartTls'

@description('User to sign in to the mail server with; empty: no sign-in.')
param emailUser string = ''

@secure()
@description('Its password, stored in Key Vault only (as email-password; the app reads it through a Key Vault reference). Empty keeps the stored one.')
param emailPassword string = ''

@description('The sender: incidents@example.com or "Incidents <incidents@example.com>". Required with emailHost.')
param emailFrom string = ''

@secure()
@description('Slack app\'s Bot User OAuth Token (xoxb-…), stored in Key Vault only (as slack-bot-token; the app reads it through a Key Vault reference). Giving it turns Slack on; empty keeps the stored one.')
param slackBotToken string = ''

@secure()
@description('Slack app\'s Signing Secret, stored in Key Vault only (as slack-signing-secret): every request from Slack is checked against it. Empty keeps the stored one.')
param slackSigningSecret string = ''

@description('Keep Slack on with the secrets already in Key Vault when a provision (CI) gives no slackBotToken. Without a token and without this, Slack is off.')
param slackEnabled bool = false

@secure()
@description('A Teams Workflows webhook URL ("Post to a channel when a webhook request is received") for every service\'s notices, stored in Key Vault only (as teams-webhook-url). Giving it turns Teams notices on; empty keeps the stored one.')
param teamsWebhookUrl string = ''

@description('Keep Teams notices on with the URL already in Key Vault when a provision (CI) gives no teamsWebhookUrl.')
param teamsEnabled bool = false

@description('Application (client) ID of the Microsoft Entra ID app registration people sign in to the console with (README, "Signing in with Microsoft Entra ID"). Empty: no platform sign-in, and the console takes the admin key as before.')
param entraClientId string = ''

@description('Path of the incident configuration inside the deployed package (packaged with the app; see README).')
param incidentsConfigPath string = 'config/incidents.json'

@description('Service Bus topic the event stream is published to.')
param eventTopicName string = 'incident-events'

var tags = { 'azd-env-name': environmentName }
// Slack is on when its token is given now or was before (slackEnabled); off, its settings are empty and nothing is
// referenced, since a reference to a secret never written would not resolve and the app would refuse to start.
var slackOn = slackEnabled || !empty(slackBotToken)
var teamsOn = teamsEnabled || !empty(teamsWebhookUrl)
var token = toLower(uniqueString(subscription().id, environmentName, location))

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${token}'
    applicationInsightsName: 'appi-${token}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${token}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package'
  }
}

module serviceBus 'app/servicebus.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    name: 'sb-${token}'
    location: location
    tags: tags
    topicName: eventTopicName
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${token}'
    location: location
    tags: tags
    twilioAuthToken: twilioAuthToken
    adminApiKey: adminApiKey
    emailPassword: emailPassword
    slackBotToken: slackBotToken
    slackSigningSecret: slackSigningSecret
    teamsWebhookUrl: teamsWebhookUrl
    vaultAdminPrincipalId: principalId
  }
}

module roles 'app/roles.bicep' = {
  name: 'roles'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    topicName: eventTopicName
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module function 'app/function.bicep' = {
  name: 'function'
  scope: rg
  params: {
    planName: 'plan-${token}'
    appName: 'func-${token}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    serviceBusNamespaceFqdn: serviceBus.outputs.fullyQualifiedNamespace
    eventTopicName: eventTopicName
    twilioAccountSid: twilioAccountSid
    twilioAuthTokenSecretUri: keyVault.outputs.twilioAuthTokenSecretUri
    adminApiKeySecretUri: keyVault.outputs.adminApiKeySecretUri
    twilioFromNumber: twilioFromNumber
    twilioMessagingServiceSid: twilioMessagingServiceSid
    emailHost: emailHost
    emailPort: emailPort
    emailSecurity: emailSecurity
    emailUser: emailUser
    emailSignInSecretUri: keyVault.outputs.emailSignInSecretUri
    emailFrom: emailFrom
    slackEnabled: slackOn
    slackBotTokenSecretUri: keyVault.outputs.slackBotTokenSecretUri
    slackSigningSecretUri: keyVault.outputs.slackSigningSecretUri
    teamsEnabled: teamsOn
    teamsWebhookSecretUri: keyVault.outputs.teamsWebhookSecretUri
    incidentsConfigPath: incidentsConfigPath
    entraClientId: entraClientId
  }
  // The app starts as soon as it exists: its identity must already hold its roles, or the host fails its first reads.
  dependsOn: [roles]
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = function.outputs.name
output FUNCTION_URL string = function.outputs.url
output HEALTH_URL string = '${function.outputs.url}/api/health'
output STATUS_PAGE_URL string = '${function.outputs.url}/status'
output CONSOLE_URL string = '${function.outputs.url}/console'
output TWILIO_INBOUND_WEBHOOK_URL string = '${function.outputs.url}/api/sms/inbound'
// The Slack app's request URLs (slack/manifest.yaml has them with YOUR-APP for the host).
output SLACK_EVENTS_URL string = '${function.outputs.url}/api/slack/events'
output SLACK_INTERACTIVITY_URL string = '${function.outputs.url}/api/slack/interactivity'
output SLACK_COMMANDS_URL string = '${function.outputs.url}/api/slack/commands'
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output EVENT_TOPIC string = eventTopicName
output KEY_VAULT_NAME string = keyVault.outputs.name
