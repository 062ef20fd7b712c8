using MarkovFunctions.Pipeline;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddMarkovPipeline(builder.Configuration);
await builder.Build().RunAsync();
