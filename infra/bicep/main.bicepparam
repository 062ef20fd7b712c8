// Parameters for one deployment. Secrets are read from the environment of whoever deploys, so they
// never sit in a file:
//
//   export POSTGRES_PASSWD=... POSTGRES_WRITER_PASSWD=... SLACK_WEBHOOK_URL=... TEAMS_WEBHOOK_URL=... SMTP_PASSWORD=...
//   az deployment group create -g <group> -f infra/bicep/main.bicep -p infra/bicep/main.bicepparam
//
// A secret left empty keeps the value already in Key Vault (set it there with `az keyvault secret set`).
using 'main.bicep'

param baseName = 'markov'

// Change these three before the first deployment (runBudgets: monthly budgets near what the channels spend now).
param postgresHost = 'your-server.postgres.database.azure.com'
param alertEmail = 'data-team@example.com'
param runBudgets = '80000,88000,100000'

param postgresDatabase = 'markov'
param postgresUser = 'markov_reader'
param postgresWriterUser = 'markov_writer'
param postgresSslMode = 'VerifyFull'

param postgresPassword = readEnvironmentVariable('POSTGRES_PASSWD', '')
param postgresWriterPassword = readEnvironmentVariable('POSTGRES_WRITER_PASSWD', '')
param slackWebhookUrl = readEnvironmentVariable('SLACK_WEBHOOK_URL', '')
param teamsWebhookUrl = readEnvironmentVariable('TEAMS_WEBHOOK_URL', '')
// E-mail notice: set smtpHost, smtpFrom and smtpTo to turn it on.
param smtpPassword = readEnvironmentVariable('SMTP_PASSWORD', '')

param runAlphaMode = 'search'
param runPublishToDatabase = false
param scheduleTimeZone = 'America/New_York'

param logRetentionDays = 30
param maximumInstanceCount = 20
param instanceMemoryMB = 2048

// Storage and Key Vault deny every network but the app's subnet and these: add the ranges of
// whoever reads the artifacts directly (an office, a BI gateway). The app's subnet also reaches a
// PostgreSQL server that has only a private address (pick address ranges that fit your network).
param enableVnetIntegration = true
param allowedIpRanges = []
param keyVaultPurgeProtection = true
