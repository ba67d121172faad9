/* A stand-in bcryptprimitives.dll for Wine 8, which lacks ProcessPrng: Rust's standard
 * library on Windows asks it for random bytes (HashMap seeds). Only for running hoctap.exe
 * under Wine in tests; Windows itself has the real DLL. */
#include <windows.h>

/* advapi32's RtlGenRandom, which Wine does have. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
