Console.Error.WriteLine("mlops-trainer: usage: mlops-trainer SPEC.json");
return 2;
