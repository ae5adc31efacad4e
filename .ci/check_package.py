"""Checks AsyncRules.nupkg: both DLLs under analyzers/dotnet/cs, no lib/, no dependencies, a development dependency, readme (with absolute links) and license."""
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
# The packed readme is shown on the package's page, where a relative link leads nowhere: every link must be absolute,
# and those into the repository must start with the URL the package declares.
if "README.md" in names:
    readme = package.read("README.md").decode("utf-8")
    relative = sorted({m for m in re.findall(r"\]\(([^)\s]+)\)", readme) if not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", m)})
    if relative:
        problems.append(f"README.md has relative links, which do not work on the package's page: {', '.join(relative[:5])}")
    project_url = re.search(r"<projectUrl>([^<]+)</projectUrl>", nuspec)
    if project_url and f"]({project_url.group(1).rstrip('/')}/blob/main/docs/rules/ASYNC010.md)" not in readme:
        problems.append(f"README.md does not link ASYNC010's page under the declared projectUrl {project_url.group(1)}")
for problem in problems:
    print(f"package: {problem}")
sys.exit(1 if problems else 0)
