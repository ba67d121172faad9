/* Holds a file open the way Excel holds an open workbook (no sharing at all) until a second
 * file appears, so that the Windows check can write a report over a file "open in Excel".
 * Usage: hold.exe FILE READY STOP — READY is created once FILE is held. */
#include <stdio.h>
#include <windows.h>

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: hold.exe FILE READY STOP\n");
        return 2;
    }
    HANDLE held = CreateFileA(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (held == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "cannot open %s: %lu\n", argv[1], GetLastError());
        return 1;
    }
    CloseHandle(CreateFileA(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL));
    /* At most a minute, so that a failed check never leaves it behind. */
    for (int i = 0; i < 600 && GetFileAttributesA(argv[3]) == INVALID_FILE_ATTRIBUTES; i++) {
        Sleep(100);
    }
    CloseHandle(held);
    return 0;
}
