using OpenMss.Cli;

return await OpenMssCli.RunAsync(args, CliContext.Console);
