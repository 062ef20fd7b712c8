namespace MarkovFunctions.Pipeline.Configuration;

/// <summary>One application setting: its key (environment variable / app setting), default and meaning.</summary>
public sealed record SettingInfo(string Key, string Default, string Description, bool Secret = false);
