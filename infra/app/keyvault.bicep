// The secrets the app needs that Azure cannot replace with an identity: Twilio's auth token (it signs inbound
// webhooks and authenticates sends), the web console's key, when mail is sent with a sign-in, the mail server's
// password and, with Slack, the Slack app's bot token and signing secret. RBAC only, no access policies; the app
// reads them through Key Vault references.
param name string
param location string
param tags object
@secure()
param twilioAuthToken string
@secure()
param adminApiKey string
@secure()
param emailPassword string
@secure()
param slackBotToken string
@secure()
param slackSigningSecret string
@secure()
param teamsWebhookUrl string
@description('Principal allowed to set and rotate secrets (the deploying user); empty for none.')
param vaultAdminPrincipalId string

var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    // No purge protection: with it, `azd down --purge` cannot purge, and `azd up` of the same environment fails on
    // the soft-deleted name for the whole retention period. Soft delete still keeps a deleted token for 7 days.
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

// Written only when given, so a later provision without the token (CI) keeps the stored one.
resource twilioToken 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(twilioAuthToken)) {
  parent: vault
  name: 'twilio-auth-token'
  properties: {
    value: twilioAuthToken
    contentType: 'Twilio Auth Token'
  }
}

resource adminKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(adminApiKey)) {
  parent: vault
  name: 'admin-api-key'
  properties: {
    value: adminApiKey
    contentType: 'IncidentFunctions console key'
  }
}

resource mailPassword 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(emailPassword)) {
  parent: vault
  name: 'email-password'
  properties: {
    value: emailPassword
    contentType: 'Mail server password'
  }
}

resource slackToken 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(slackBotToken)) {
  parent: vault
  name: 'slack-bot-token'
  properties: {
    value: slackBotToken
    contentType: 'Slack Bot User OAuth Token'
  }
}

resource slackSigning 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(slackSigningSecret)) {
  parent: vault
  name: 'slack-signing-secret'
  properties: {
    value: slackSigningSecret
    contentType: 'Slack Signing Secret'
  }
}

resource teamsWebhook 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(teamsWebhookUrl)) {
  parent: vault
  name: 'teams-webhook-url'
  properties: {
    value: teamsWebhookUrl
    contentType: 'Teams Workflows webhook URL (its sig parameter lets anyone post)'
  }
}

resource officer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(vaultAdminPrincipalId)) {
  name: guid(vault.id, vaultAdminPrincipalId, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    principalId: vaultAdminPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
  }
}

output name string = vault.name
// Versionless, so a rotated token is picked up without redeploying (see README, "Rotating keys").
output twilioAuthTokenSecretUri string = '${vault.properties.vaultUri}secrets/twilio-auth-token'
output adminApiKeySecretUri string = '${vault.properties.vaultUri}secrets/admin-api-key'
// Not named for a password: the linter takes such an output for the secret itself, and a URI is not one.
output emailSignInSecretUri string = '${vault.properties.vaultUri}secrets/email-password'
output slackBotTokenSecretUri string = '${vault.properties.vaultUri}secrets/slack-bot-token'
output slackSigningSecretUri string = '${vault.properties.vaultUri}secrets/slack-signing-secret'
output teamsWebhookSecretUri string = '${vault.properties.vaultUri}secrets/teams-webhook-url'
