; Inno Setup script: installs the one-folder bundle for the signed-in user only, with no
; administrator rights (managed laptops, Citrix published desktops).
;
; Build on Windows, after `make dist` there has produced dist\diversion-app\:
;   iscc /DAppVersion=0.1.0 packaging\windows\diversion.iss
; The installer is written to dist\Diversion-<version>-setup.exe.
;
; Where it goes: %LOCALAPPDATA%\Programs\Diversion (the per-user Program Files), a Start
; menu entry for the user, and an entry in Settings > Apps for uninstalling. Nothing is
; written under Program Files, HKLM or another user's profile. The user's database, log and
; settings live in %LOCALAPPDATA%\Diversion Scheme\Diversion and are never removed by the
; uninstaller (a child's record is not lost by removing the program).
;
; MSI equivalent, for sites that deploy only MSI packages: build a WiX package with
; ALLUSERS=2 and MSIINSTALLPERUSER=1 (per-user, no elevation), InstallScope="perUser".

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1C2B9E-4D7A-4C1E-9A53-2E8F0B7D5C31}
AppName=Diversion
AppVersion={#AppVersion}
AppPublisher=Diversion Scheme
DefaultDirName={autopf}\Diversion
DefaultGroupName=Diversion
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=Diversion-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\diversion.ico
UninstallDisplayIcon={app}\Diversion.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Files]
Source: "..\..\dist\diversion-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Diversion"; Filename: "{app}\Diversion.exe"; Comment: "Youth diversion case tracking"
Name: "{autodesktop}\Diversion"; Filename: "{app}\Diversion.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Put a shortcut on the desktop"; Flags: unchecked

[Run]
Filename: "{app}\Diversion.exe"; Description: "Start Diversion now"; Flags: nowait postinstall skipifsilent
