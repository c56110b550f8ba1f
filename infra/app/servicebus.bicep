// The event stream: one topic, duplicate detection on (the message id is the timeline entry id, so a retried
// publish is dropped), ordering supported, and one example subscription for whatever tells users (a status page,
// a customer channel): it receives only events addressed to users, per incident in order (sessions).
param name string
param location string
param tags object
param topicName string

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' } // topics need Standard or Premium
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = {
  parent: namespace
  name: topicName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT1H'
    supportOrdering: true
    defaultMessageTimeToLive: 'P14D'
  }
}

resource usersSubscription 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' = {
  parent: topic
  name: 'users'
  properties: {
    requiresSession: true
    maxDeliveryCount: 10
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: 'P7D'
  }
}

// Named $Default on purpose: a new subscription gets a match-all rule of that name, and a rule beside it would let
// everything through. Replacing it leaves the users-only filter as the subscription's one rule.
resource usersOnly 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2022-10-01-preview' = {
  parent: usersSubscription
  name: '$Default'
  properties: {
    filterType: 'SqlFilter'
    sqlFilter: { sqlExpression: 'audience LIKE \'%users%\'' }
  }
}

output name string = namespace.name
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
