using MarkovFunctions.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddMarkovFunctions(builder.Configuration);
await builder.Build().RunAsync();
