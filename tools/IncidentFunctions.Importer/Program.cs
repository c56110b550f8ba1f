using IncidentFunctions.Importer;

return ImportTool.Run(args, Console.Out, Console.Error);
