"""Checks AsyncRules.nupkg: both DLLs under analyzers/dotnet/cs, no lib/, no dependencies, a development dependency, readme and license."""
import re
import sys
import zipfile

path = sys.argv[1]
try:
    package = zipfile.ZipFile(path)
except (OSError, zipfile.BadZipFile) as error:
    print(f"cannot open package {path}: {error}")
    sys.exit(1)

names = set(package.namelist())
problems = []
for dll in ("analyzers/dotnet/cs/AsyncRules.Analyzers.dll", "analyzers/dotnet/cs/AsyncRules.CodeFixes.dll"):
    if dll not in names:
        problems.append(f"missing {dll}")
if any(n.startswith("lib/") for n in names):
    problems.append("has a lib/ folder: users would reference the analyzers as a library")
for extra in ("README.md", "LICENSE"):
    if extra not in names:
        problems.append(f"missing {extra}")
nuspec = package.read(next(n for n in names if n.endswith(".nuspec"))).decode("utf-8")
if "<developmentDependency>true</developmentDependency>" not in nuspec:
    problems.append("not marked as a development dependency")
if re.search(r"<dependencies>\s*<group", nuspec) or "<dependency " in nuspec:
    problems.append("declares dependencies")
for tag in ("license", "readme", "projectUrl", "description", "authors"):
    if f"<{tag}" not in nuspec:
        problems.append(f"nuspec has no <{tag}>")
for problem in problems:
    print(f"package: {problem}")
sys.exit(1 if problems else 0)
