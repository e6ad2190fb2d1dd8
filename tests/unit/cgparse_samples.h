/* Text captured from the kernel of the development machine (6.18, cgroup
 * hybrid layout) for the cgroup parser tests. */
#ifndef CGPARSE_SAMPLES_H
#define CGPARSE_SAMPLES_H

static const char V1_MEMORY_STAT[] =
	"cache 0\n"
	"rss 53248\n"
	"rss_huge 0\n"
	"shmem 0\n"
	"mapped_file 0\n"
	"dirty 0\n"
	"writeback 0\n"
	"workingset_refault_anon 0\n"
	"workingset_refault_file 0\n"
	"swap 0\n"
	"swapcached 0\n"
	"pgpgin 793\n"
	"pgpgout 780\n"
	"pgfault 1038\n"
	"pgmajfault 0\n"
	"inactive_anon 49152\n"
	"active_anon 4096\n"
	"inactive_file 0\n"
	"active_file 0\n"
	"unevictable 0\n"
	"hierarchical_memory_limit 478150656\n"
	"hierarchical_memsw_limit 956301312\n"
	"total_cache 0\n"
	"total_rss 53248\n"
	"total_rss_huge 0\n"
	"total_shmem 0\n"
	"total_mapped_file 0\n"
	"total_dirty 0\n"
	"total_writeback 0\n"
	"total_workingset_refault_anon 0\n"
	"total_workingset_refault_file 0\n"
	"total_swap 0\n"
	"total_swapcached 0\n"
	"total_pgpgin 793\n"
	"total_pgpgout 780\n"
	"total_pgfault 1038\n"
	"total_pgmajfault 0\n"
	"total_inactive_anon 49152\n"
	"total_active_anon 4096\n"
	"total_inactive_file 0\n"
	"total_active_file 0\n"
	"total_unevictable 0\n";

static const char V1_OOM_CONTROL[] =
	"oom_kill_disable 0\n"
	"under_oom 0\n"
	"oom_kill 0\n";

static const char V1_CPU_STAT[] =
	"nr_periods 0\n"
	"nr_throttled 0\n"
	"throttled_time 0\n"
	"nr_bursts 0\n"
	"burst_time 0\n";

static const char V1_CPUACCT_STAT[] =
	"user 3\n"
	"system 1\n";

static const char V1_BLKIO_EMPTY[] =
	"Total 0\n";

static const char V2_CPU_STAT[] =
	"usage_usec 371848000\n"
	"user_usec 147592000\n"
	"system_usec 224256000\n"
	"nice_usec 0\n";

static const char V2_CPU_PRESSURE[] =
	"some avg10=37.68 avg60=57.59 avg300=27.31 total=115817383\n"
	"full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";

static const char V2_IO_PRESSURE[] =
	"some avg10=0.07 avg60=2.23 avg300=1.30 total=8832728\n"
	"full avg10=0.00 avg60=0.04 avg300=0.08 total=3599264\n";

static const char PROC_STAT[] =
	"cpu  14759 0 22132 1121771 474 0 293 0 0 0\n"
	"cpu0 6918 0 10890 561800 47 0 134 0 0 0\n"
	"cpu1 7840 0 11241 559971 427 0 158 0 0 0\n"
	"ctxt 1019131\n";

/* a whole /proc/stat of this 2-CPU VM, the intr line cut short */
static const char PROC_STAT_FULL[] =
	"cpu  1568502 80072 1788263 2539190 3586 0 5793 0 0 0\n"
	"cpu0 773767 39682 888594 1286877 1071 0 2610 0 0 0\n"
	"cpu1 794734 40389 899669 1252312 2514 0 3182 0 0 0\n"
	"intr 83461711 0 9 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
	"ctxt 108625703\n"
	"btime 1795425317\n"
	"processes 1111279\n"
	"procs_running 1\n"
	"procs_blocked 1\n"
	"softirq 30599209 0 2626709 1437 3606 485104 0 12 2333570 0 25148771\n";

static const char PROC_MEMINFO[] =
	"MemTotal:       24683620 kB\n"
	"MemFree:        21729248 kB\n"
	"MemAvailable:   22051008 kB\n"
	"Buffers:            7260 kB\n"
	"Cached:           350788 kB\n"
	"SwapCached:            0 kB\n"
	"Active:           221668 kB\n"
	"Inactive:        1292356 kB\n"
	"Active(anon):      41620 kB\n"
	"Inactive(anon):  1123240 kB\n"
	"Active(file):     180048 kB\n"
	"Inactive(file):   169116 kB\n"
	"Unevictable:       18968 kB\n"
	"Mlocked:           18104 kB\n"
	"SwapTotal:             0 kB\n"
	"SwapFree:              0 kB\n"
	"Zswap:                 0 kB\n"
	"Zswapped:              0 kB\n"
	"Dirty:              1800 kB\n"
	"Writeback:             0 kB\n"
	"AnonPages:       1175004 kB\n"
	"Mapped:           108760 kB\n"
	"Shmem:              8884 kB\n"
	"KReclaimable:     270552 kB\n"
	"Slab:             665320 kB\n"
	"SReclaimable:     270552 kB\n"
	"SUnreclaim:       394768 kB\n"
	"KernelStack:      162428 kB\n"
	"PageTables:       536412 kB\n"
	"SecPageTables:         0 kB\n"
	"NFS_Unstable:          0 kB\n"
	"Bounce:                0 kB\n"
	"WritebackTmp:          0 kB\n"
	"CommitLimit:    12341808 kB\n"
	"Committed_AS:    4507660 kB\n"
	"VmallocTotal:   34359738367 kB\n"
	"VmallocUsed:      177368 kB\n"
	"VmallocChunk:          0 kB\n"
	"Percpu:             3432 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemHugePages:        0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FileHugePages:         0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Balloon:               0 kB\n"
	"HugePages_Total:       0\n"
	"HugePages_Free:        0\n"
	"HugePages_Rsvd:        0\n"
	"HugePages_Surp:        0\n"
	"Hugepagesize:       2048 kB\n"
	"Hugetlb:               0 kB\n"
	"DirectMap4k:       30720 kB\n"
	"DirectMap2M:    25135104 kB\n";

static const char PROC_LOADAVG[] =
	"18.27 9.58 3.69 6/10151 23988\n";

#endif
