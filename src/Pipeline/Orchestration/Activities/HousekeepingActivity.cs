using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed class HousekeepingActivity(IHousekeeper housekeeper) : TaskActivity<HousekeepingRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, HousekeepingRequest input)
    {
        await housekeeper.ApplyRetentionAsync(input);
        return true;
    }
}
