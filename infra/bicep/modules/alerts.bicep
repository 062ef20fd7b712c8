// Someone hears about a run that failed, even when the run's own Slack or Teams notice could not be
// sent: the notifier throws when a webhook fails, so its activity fails like any other, and both
// show up here as failed function executions or error logs of the app.

@description('Azure region of the rule.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Application Insights component the rule queries.')
param appInsightsId string

@description('Name of the function app (its cloud role name in telemetry).')
param functionAppName string

@description('Name of the action group.')
param actionGroupName string

@description('Name of the scheduled query rule.')
param alertRuleName string

@description('Address that receives the alert e-mails.')
param alertEmail string

@description('How often the rule runs, and the window it looks back over.')
@allowed([
  'PT5M'
  'PT15M'
  'PT30M'
  'PT1H'
])
param evaluationFrequency string

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'markov-ops'
    enabled: true
    emailReceivers: [
      {
        name: 'operations'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// Failed executions (an activity that threw, the notifier among them) and error-level logs (the
// durable extension logs a failed orchestration at this level).
var failuresQuery = '''
union
    (requests | where success == false | extend kind = 'failed execution', detail = name),
    (traces | where severityLevel >= 3 | extend kind = 'error log', detail = message)
| where cloud_RoleName =~ '{0}'
| project timestamp, kind, operation_Name, detail
'''

resource failedExecutions 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: alertRuleName
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'MarkovFunctions: failed function executions'
    description: 'A function execution of ${functionAppName} failed or logged an error: a run failed, or its notification could not be sent.'
    severity: 1
    enabled: true
    scopes: [
      appInsightsId
    ]
    evaluationFrequency: evaluationFrequency
    windowSize: evaluationFrequency
    criteria: {
      allOf: [
        {
          query: format(failuresQuery, functionAppName)
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    // Each failing window notifies again: a weekly job has few, and each one matters.
    autoMitigate: false
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

output actionGroupId string = actionGroup.id
output alertRuleId string = failedExecutions.id
