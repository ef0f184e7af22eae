// SPDX-License-Identifier: GPL-2.0
/*
 * lis2dh_sim - register-level simulator of the ST LIS3DH / LIS2DH12 and
 * Silan SC7A20 accelerometers behind a simulated I2C adapter. Test-only.
 *
 * Reference: ST LIS3DH datasheet, DocID17530 (sections 3.2 "FIFO",
 * 5.1 "I2C serial interface", 7-8 "Register mapping/description"), and the
 * LIS2DH12 datasheet (DocID025056) for the parts that differ.
 *
 * Two ways to be set up:
 *
 * - Module parameters (every x86 lane): the module registers an I2C adapter
 *   named "lis2dh_sim" with one chip at @addr and, unless instantiate=0,
 *   creates the I2C client itself, with the INT1 line of the simulated chip
 *   as its interrupt (irq=1). INT1 comes from an irq domain of this module
 *   (the Debian kernel has no IRQ_SIM). irq_pin=2 wires INT2 instead (the
 *   client gets a software node with interrupt-names = "INT2").
 *   A client gets one interrupt only in this mode: a software node cannot
 *   carry interrupts (fwnode_irq_get() fails on it), so a driver cannot be
 *   given both pins without a device tree; the arm64 lane tests that. wakeup=1
 *   sets I2C_CLIENT_WAKE, as "wakeup-source" does in a device tree: the
 *   I2C core makes the client a wakeup device with its interrupt as the
 *   wake irq (armed in system sleep when power/wakeup is enabled).
 *
 * - Device tree (the arm64 lane, tests/vm/arm64/): a platform driver for
 *   nodes compatible with "lis2dh-test,i2c-sim". Each such node is an I2C
 *   adapter (its child nodes become the clients, as on a board) and an
 *   interrupt controller with two-cell specifiers <pin type>: pin 1 is the
 *   chip's INT1, pin 2 its INT2, each with the trigger type of the
 *   client's interrupts property. Each node simulates one chip, at the reg of its first child
 *   node, of the kind that child's compatible names (st,lis3dh-accel,
 *   st,lis2dh12-accel, silan,sc7a20; lis3dh at 0x18 without a child). The
 *   adapter and the debugfs folder are named after the node, '-' turned
 *   into '_': the node "lis2dh-sim" is /sys/kernel/debug/lis2dh_sim, the
 *   names of DESIGN.md; other nodes (the property variants of the arm64
 *   lane) get their own, e.g. "lis2dh-sim-int2" is lis2dh_sim_int2. When
 *   the tree has such a node, the module-parameter mode is off (its
 *   parameters are ignored, with a notice). The node's clock-frequency
 *   (Hz, of the I2C bus binding) sets the modelled bus clock, as bus_khz
 *   does in the other mode; without it transfers take no time.
 *
 * Samples are not produced by a timer: the number of samples due is derived
 * from ktime (elapsed time since the last ODR change x ODR) and the chip state
 * catches up lazily on every access. An hrtimer is armed only for the next
 * sample at which an unmasked INT pin can change, so events fire on their
 * own, at their sample, without anyone reading: with a changing pattern
 * (counter, sine) an enabled, routed event engine arms it for every sample;
 * with constant input (still, accel, between the edges of tap pulses) it is
 * armed for the sample at which a DURATION or ACT_DUR count completes, or
 * at the next pulse edge. Sample number n counts from 0 at module load, one
 * per ODR tick, and drives the test patterns.
 *
 * Event engines (datasheet 8.19-8.30, ST AN3308 for the timing):
 * - INT1_CFG/SRC/THS/DURATION and INT2_* (0x30-0x37): see below for the
 *   comparison; THS LSB 16/32/62/186 mg at +-2/4/8/16 g, DURATION in
 *   samples (1/ODR); AOI/6D: OR, AND, 6D movement, 6D position; D4D_INTx
 *   drops Z from 6D; LIR_INTx latches. Routed by CTRL_REG3 I1_IA1/I1_IA2 to
 *   INT1 and CTRL_REG6 I2_IA1/I2_IA2 to INT2.
 * - Click (0x38-0x3d): an enabled axis (CLICK_CFG XS/XD, YS/YD, ZS/ZD)
 *   whose |value| goes above CLICK_THS (same LSB as INTx_THS) and falls back
 *   within TIME_LIMIT samples (pulse length <= TIME_LIMIT) is a click,
 *   reported at the sample it falls back: SCLICK if the axis has its S bit.
 *   If it has its D bit, detection then pauses for TIME_LATENCY samples,
 *   and a second click whose pulse starts within the TIME_WINDOW samples
 *   after that is a double click (DCLICK), reported when it falls back. A
 *   second pulse outside the window starts a new first click. CLICK_SRC
 *   holds IA, DCLICK/SCLICK, the axes of the pulse and Sign (the sign of
 *   the first axis to go above). With LIR_Click (CLICK_THS bit 7) it holds
 *   until read (events meanwhile are lost); without, it shows for
 *   max(TIME_LATENCY, 1) samples, then reads 0. I1_CLICK/I2_CLICK route IA.
 * - Sleep-to-wake (ACT_THS, ACT_DUR): on while ACT_THS is not 0; the state
 *   turns to sleep once every |axis| has stayed at or below ACT_THS (same
 *   LSB) for 8 x ACT_DUR + 1 samples and back at the first sample above.
 *   Asleep, the part runs at 10 Hz in low-power mode (8 bits), whatever
 *   CTRL_REG1 ODR/LPen and CTRL_REG4 HR say (LIS2DH12 datasheet 3.2.4);
 *   the clock restarts at the sample that changes the state. ACT_THS
 *   written 0 wakes it at once. I2_ACT drives INT2 high while asleep (the
 *   datasheet says only "activity interrupt on INT2"; the level is our
 *   reading of ST's application note AN5005).
 * - CTRL_REG6 I2_BOOT: the simulated boot takes no time: never seen on INT2.
 * - INT_POLARITY inverts both pins. Each pin is its own interrupt of the
 *   domain (hwirq 1 INT1, 2 INT2) with its own trigger type, mask and
 *   wakeup state; irq_set_wake is implemented (the pins work in system
 *   sleep, nothing to do) and shown in debugfs irq_wake.
 * - Not modelled: the high-pass filter. CTRL_REG2 (HPM, HPCF, FDS, HPCLICK,
 *   HP_IA1, HP_IA2) and REFERENCE only store; the output, the FIFO, the
 *   generators and the click engine all see unfiltered data, and reading
 *   REFERENCE resets nothing. A test wanting "high-pass" behaviour injects
 *   the motion itself (tap pulses on top of a constant accel).
 *
 * Motion injection (debugfs), for deterministic events:
 *   accel (rw)     "X Y Z" in mg (|v| <= 100000): switches pattern to
 *                  "accel", a constant acceleration, from the next sample
 *                  on (quantised at the current mode and range, clamped at
 *                  full scale). "0 0 0" is free fall. Default 0 0 1000.
 *   tap (wo)       "AXIS MG LEN [GAP]": AXIS (x, y or z) gets MG mg added
 *                  (signed) for LEN samples from the next sample on; with
 *                  GAP a second equal pulse starts GAP samples after the
 *                  first ends (a double tap in one write). On top of any
 *                  pattern; a new write replaces pulses not yet over. The
 *                  pulses count samples: with the ODR off they wait.
 *   motion_ns (ro) guest ktime_get() in ns of the last write to accel, tap
 *                  or pattern (the next sample is the first to see it): the
 *                  start of an event latency measurement.
 *   pins (ro)      "int1 L" and "int2 L": each pin's electrical level now
 *                  (after INT_POLARITY), whether or not its interrupt is
 *                  requested.
 *   irqs2 (ro)     interrupts delivered on INT2 (irqs counts INT1's).
 *   irq_wake (ro)  "int1 ARMED SETS" and "int2 ARMED SETS": whether the
 *                  pin's interrupt is armed for wakeup (enable_irq_wake),
 *                  and how many times it was armed.
 *
 * Differences from the datasheet, on purpose or by simplification:
 * - Not implemented: the high-pass filter (above) and I1_321DA on INT1.
 * - Reserved registers read 0 and ignore writes; writes to read-only
 *   registers are ignored. Reserved bits of writable registers are stored.
 * - CTRL_REG5 BOOT reloads the reset value of every register, empties the
 *   FIFO and clears all status and interrupt state at once (the part takes
 *   about 5 ms and reloads its trimming).
 * - ODR codes 10-15 are treated as power-down; code 8 runs at 1620 Hz
 *   (SC7A20: 1600 Hz) in every mode; code 9 is 1344 Hz, 5376 Hz with
 *   LPen (SC7A20: 1250 Hz, 5000 Hz); LPen=1 with HR=1 is treated as
 *   low-power (8-bit).
 * - All axes are generated even when disabled in CTRL_REG1; Xen/Yen/Zen only
 *   gate the STATUS_REG data-available bits.
 * - STATUS_REG: reading OUT_x_H (the higher address, whatever BLE says)
 *   clears xDA/xOR; ZYXDA/ZYXOR clear when no axis DA bit is left.
 * - BDU: reading an axis' lower address (OUT_x_L) freezes all output
 *   registers until that axis' higher address is read; a sample that
 *   arrived meanwhile becomes visible when the last freeze ends.
 * - FIFO: an entry keeps the 10 MSBs of each axis. The FIFO is active when
 *   FIFO_EN=1 and FM is not bypass; turning FIFO_EN off or writing bypass
 *   empties it. FIFO mode stops storing once full until bypass is written
 *   (every sample not stored counts as an overrun); stream-to-FIFO switches
 *   to FIFO mode at the first sample at which the selected generator's IA is
 *   set (INT1 for TR=0, INT2 for TR=1). The FIFO advances when OUT_Z_H
 *   (0x2D) is read; with auto-increment the address rolls from 0x2D back to
 *   0x28 while the FIFO is active. WTM = FSS > FTH, OVRN_FIFO = 32 unread.
 * - Interrupt generators compare |axis| with the threshold (L: below,
 *   H: above); in 6D mode H is axis > THS and L is axis < -THS, 6D movement
 *   fires on a change of the enabled position bits. IA rises when the
 *   condition has held for more than INTx_DURATION samples and drops at once
 *   when not latched. A latched INTx_SRC is frozen until it is read; after
 *   the read it follows the samples again, and IA rises again at the next
 *   sample if the condition still holds.
 * - A catch-up of more than 16384 samples with an interrupt generator
 *   enabled (3 s at 5376 Hz without any access or INT1 timer) runs only the
 *   last 16384 through the generators, so a stream-to-FIFO trigger or an
 *   interrupt event in the part skipped is missed.
 * - With bus_khz=0 (the default) transfers are answered at once and
 *   "stall" fails them with -ETIMEDOUT without waiting for the adapter
 *   timeout. With bus_khz=N each master_xfer call takes the wire time of
 *   its messages at N kHz (sim_wire_bits()): the chip's state is served at
 *   the start of the call, then the caller sleeps until the wire time has
 *   passed, holding the adapter (the I2C core's bus lock), so no other
 *   transfer overlaps it, as on a real bus. The wait is a sleep on an
 *   hrtimer, as the caller of an interrupt-driven controller sleeps while
 *   the controller shifts the bits: the CPU is idle meanwhile, so the guest
 *   CPU figures count only the work of software. There, "stall" fails a
 *   call with -ETIMEDOUT after the adapter timeout (adap.timeout, 1 s), as
 *   a controller whose clock is held low does. bus_ns (debugfs) sums the
 *   wire time of every call served.
 * - max_xfer=N (module-parameter mode; 0, the default: no limit) gives the
 *   adapter the message length limits of a real controller (struct
 *   i2c_adapter_quirks max_read_len and max_write_len, N bytes each; a
 *   write's length counts its sub-address byte): an SMBus block transfer
 *   or a small controller FIFO limits a message to 32 bytes or fewer. The
 *   I2C core refuses a transfer with a longer message (-EOPNOTSUPP, "msg
 *   too long" in the kernel log) before it reaches the bus; regmap-i2c
 *   reads the limits and splits longer raw reads and writes into several
 *   transfers, each of which restarts at a sub-address.
 *
 * Auxiliary outputs and self-test (sim_aux_*), per chip: the LIS3DH has
 * three ADC inputs at OUT_ADC1..3 (0x08-0x0d) and a temperature sensor in
 * channel 3; the LIS2DH12 only the temperature sensor (OUT_TEMP_L/H,
 * 0x0c/0x0d); the SC7A20 neither (0x07-0x0d read 0: what its datasheet
 * says of them is not known here, so nothing is modelled).
 * - TEMP_CFG_REG: ADC_EN (bit 7) converts the three inputs; temperature
 *   needs bits 7 and 6 (LIS3DH ADC_EN and TEMP_EN, LIS2DH12 TEMP_EN[1:0]
 *   = 11) and then replaces input 3. One conversion per ODR tick.
 * - ADC: 1200 +- 400 mV, two's complement, left-justified, 10 bits (8 in
 *   low-power mode): code = (mV - 1200) * 2^bits / 800, saturated. The
 *   datasheet does not say which way the code runs; rising with the
 *   voltage is assumed.
 * - Temperature: 1 digit/°C at 8 bits (4 at the 10 bits of normal and
 *   high-resolution mode), left-justified; the part reads 0 at 25 °C
 *   (no absolute offset is specified; ST's example code assumes this one).
 * - STATUS_REG_AUX: xDA (bits 0-2) set at each conversion, xOR (4-6) when
 *   the previous one was not read; on the LIS3DH 321DA/321OR (3, 7) too
 *   (the LIS2DH12's TDA/TOR are bits 2 and 6). Reading OUT_ADCx_H clears
 *   xDA/xOR. With BDU, reading OUT_ADCx_L freezes OUT_ADC1..3 until that
 *   channel's OUT_ADCx_H is read. BLE does not apply to them here.
 * - Self-test: CTRL_REG4 ST = 01 adds a deflection to every sample, ST =
 *   10 subtracts it, ST = 11 (not allowed) does nothing. The datasheets
 *   give limits only (17-360 LSb at 4 mg/LSb, +-2 g normal mode, i.e.
 *   68-1440 mg); the deflection is sim_st_mg[] of the "selftest" control.
 *
 * debugfs controls of these (writes apply from the next sample on):
 *   adc        (LIS3DH) "mV1 mV2 mV3", 0-3600 each; default 1200 1200 1200
 *   temp       (LIS3DH, LIS2DH12) die temperature in °C, up to three
 *              decimals ("23.5"); default 25
 *   selftest   pass (X, Y, Z move 360, 400, 640 mg), fail (Z moves only
 *              40 mg, below the limit), dead (no axis moves); default pass
 *
 * Faults: writing to debugfs "fault" sets how master_xfer calls (transfers)
 * fail, checked in this order before any message is served:
 *   none           clear every fault below
 *   nack           every transfer fails with -ENXIO (until none)
 *   stall          every transfer fails with -ETIMEDOUT (until none)
 *   eio:N          the next N transfers fail with -EIO
 *   eio_after:K:N  K transfers are served, then the next N fail with -EIO,
 *                  to fail a sequence part way (eio:N is eio_after:0:N)
 *   whoami:0xNN    WHO_AM_I reads 0xNN (until none)
 * A transfer failed by nack or stall does not count towards K or N. The
 * xfers counter counts messages served, not transfers: a register read is
 * two messages in one transfer.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/fixp-arith.h>
#include <linux/hrtimer.h>
#include <linux/i2c.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/irqdomain.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define SIM_NAME		"lis2dh_sim"
#define SIM_NREGS		0x40
#define SIM_FIFO_LEN		32
#define SIM_AUTOINC		BIT(7)
/* samples kept when a long catch-up is fast-forwarded */
#define SIM_FF_KEEP		(SIM_FIFO_LEN + 1)
/* bound of a catch-up with an interrupt generator enabled (lock hold time) */
#define SIM_IG_KEEP		16384
/* hwirq numbers of the interrupt controller: the chip's pins */
#define SIM_HWIRQ_INT1		1
#define SIM_HWIRQ_INT2		2
#define SIM_NR_HWIRQ		3
#define SIM_NR_PINS		2

#define REG_STATUS_AUX		0x07
#define REG_OUT_ADC1_L		0x08
#define REG_OUT_ADC3_H		0x0d
#define REG_WHO_AM_I		0x0f
#define REG_CTRL0		0x1e
#define REG_TEMP_CFG		0x1f
#define   TEMP_CFG_ADC_EN	BIT(7)
/* temperature: ADC_EN and TEMP_EN (LIS3DH), TEMP_EN[1:0] = 11 (LIS2DH12) */
#define   TEMP_CFG_TEMP_ON	GENMASK(7, 6)
#define REG_CTRL1		0x20
#define   CTRL1_ODR_SHIFT	4
#define   CTRL1_LPEN		BIT(3)
#define   CTRL1_AXES		GENMASK(2, 0)
#define REG_CTRL2		0x21
#define REG_CTRL3		0x22
#define   CTRL3_I1_CLICK	BIT(7)
#define   CTRL3_I1_IA1		BIT(6)
#define   CTRL3_I1_IA2		BIT(5)
#define   CTRL3_I1_ZYXDA	BIT(4)
#define   CTRL3_I1_WTM		BIT(2)
#define   CTRL3_I1_OVERRUN	BIT(1)
#define REG_CTRL4		0x23
#define   CTRL4_BDU		BIT(7)
#define   CTRL4_BLE		BIT(6)
#define   CTRL4_FS_SHIFT	4
#define   CTRL4_FS_MASK		GENMASK(5, 4)
#define   CTRL4_HR		BIT(3)
#define   CTRL4_ST_SHIFT	1
#define   CTRL4_ST_MASK		GENMASK(2, 1)
#define REG_CTRL5		0x24
#define   CTRL5_BOOT		BIT(7)
#define   CTRL5_FIFO_EN		BIT(6)
#define   CTRL5_LIR_INT1	BIT(3)
#define   CTRL5_D4D_INT1	BIT(2)
#define   CTRL5_LIR_INT2	BIT(1)
#define   CTRL5_D4D_INT2	BIT(0)
#define REG_CTRL6		0x25
#define   CTRL6_I2_CLICK	BIT(7)
#define   CTRL6_I2_IA1		BIT(6)
#define   CTRL6_I2_IA2		BIT(5)
#define   CTRL6_I2_BOOT		BIT(4)
#define   CTRL6_I2_ACT		BIT(3)
#define   CTRL6_INT_POLARITY	BIT(1)
#define REG_REFERENCE		0x26
#define REG_STATUS		0x27
#define   STATUS_ZYXOR		BIT(7)
#define   STATUS_ZYXDA		BIT(3)
#define   STATUS_DA		GENMASK(2, 0)
#define REG_OUT_X_L		0x28
#define REG_OUT_Z_H		0x2d
#define REG_FIFO_CTRL		0x2e
#define   FIFO_CTRL_FM_SHIFT	6
#define   FIFO_CTRL_TR		BIT(5)
#define   FIFO_CTRL_FTH		GENMASK(4, 0)
#define REG_FIFO_SRC		0x2f
#define   FIFO_SRC_WTM		BIT(7)
#define   FIFO_SRC_OVRN		BIT(6)
#define   FIFO_SRC_EMPTY	BIT(5)
#define   FIFO_SRC_FSS		GENMASK(4, 0)
/* interrupt generators: INT1 at 0x30-0x33, INT2 at 0x34-0x37 */
#define REG_INT_CFG(i)		(0x30 + 4 * (i))
#define   INT_CFG_AOI		BIT(7)
#define   INT_CFG_6D		BIT(6)
#define   INT_CFG_EN		GENMASK(5, 0)
#define REG_INT_SRC(i)		(0x31 + 4 * (i))
#define   INT_SRC_IA		BIT(6)
#define REG_INT_THS(i)		(0x32 + 4 * (i))
#define REG_INT_DUR(i)		(0x33 + 4 * (i))
#define   INT_7BIT		GENMASK(6, 0)
#define REG_CLICK_CFG		0x38
#define   CLICK_CFG_EN		GENMASK(5, 0)
#define REG_CLICK_SRC		0x39
#define   CLICK_SRC_IA		BIT(6)
#define   CLICK_SRC_DCLICK	BIT(5)
#define   CLICK_SRC_SCLICK	BIT(4)
#define   CLICK_SRC_SIGN	BIT(3)
#define REG_CLICK_THS		0x3a
#define   CLICK_THS_LIR		BIT(7)
#define REG_TIME_LIMIT		0x3b
#define REG_TIME_LATENCY	0x3c
#define REG_TIME_WINDOW		0x3d
#define REG_ACT_THS		0x3e
#define REG_ACT_DUR		0x3f

enum sim_fifo_mode {
	SIM_FM_BYPASS,
	SIM_FM_FIFO,
	SIM_FM_STREAM,
	SIM_FM_STREAM_TO_FIFO,
};

enum sim_pattern {
	SIM_PAT_COUNTER,
	SIM_PAT_STILL,
	SIM_PAT_SINE,
	SIM_PAT_ACCEL,
};

static const char * const sim_pattern_names[] = {
	[SIM_PAT_COUNTER] = "counter",
	[SIM_PAT_STILL] = "still",
	[SIM_PAT_SINE] = "sine",
	[SIM_PAT_ACCEL] = "accel",
};

/* what a chip has of the auxiliary outputs at 0x07-0x0d */
#define SIM_AUX_ADC		BIT(0)	/* ADC inputs 1-3 (LIS3DH) */
#define SIM_AUX_TEMP		BIT(1)	/* temperature in channel 3 */

/* @odr8: ODR code 8; @odr9, @odr9_lp: code 9 without and with LPen (Hz) */
struct sim_chip {
	const char *name;
	u8 whoami;
	u8 aux;
	unsigned int odr8, odr9, odr9_lp;
};

static const struct sim_chip sim_chips[] = {
	{ .name = "lis3dh", .whoami = 0x33,
	  .aux = SIM_AUX_ADC | SIM_AUX_TEMP,
	  .odr8 = 1620, .odr9 = 1344, .odr9_lp = 5376 },
	{ .name = "lis2dh12", .whoami = 0x33, .aux = SIM_AUX_TEMP,
	  .odr8 = 1620, .odr9 = 1344, .odr9_lp = 5376 },
	/* Silan's rates for codes 8 and 9 */
	{ .name = "sc7a20", .whoami = 0x11,
	  .odr8 = 1600, .odr9 = 1250, .odr9_lp = 5000 },
};

enum sim_selftest {
	SIM_ST_PASS,
	SIM_ST_FAIL,
	SIM_ST_DEAD,
};

static const char * const sim_selftest_names[] = {
	[SIM_ST_PASS] = "pass",
	[SIM_ST_FAIL] = "fail",
	[SIM_ST_DEAD] = "dead",
};

/*
 * Self-test deflection in mg (X, Y, Z) with CTRL_REG4 ST = 01; ST = 10
 * deflects the other way. The datasheets give only limits, 17 to 360 LSb
 * at 4 mg/LSb (68 to 1440 mg): "pass" sits inside them, "fail" has a weak
 * Z axis (10 LSb), "dead" does not move at all.
 */
static const int sim_st_mg[][3] = {
	[SIM_ST_PASS] = { 360, 400, 640 },
	[SIM_ST_FAIL] = { 360, 400, 40 },
	[SIM_ST_DEAD] = { 0, 0, 0 },
};

/* sensitivity in mg/digit, [mode][FS]: low-power, normal, high-resolution */
static const int sim_sens_mg[3][4] = {
	{ 16, 32, 64, 192 },
	{ 4, 8, 16, 48 },
	{ 1, 2, 4, 12 },
};

/* INTx_THS LSB in mg per full scale */
static const int sim_ths_mg[4] = { 16, 32, 62, 186 };

/* ODR codes 0-7 (Hz); 8 and 9 are the chip's (struct sim_chip) */
static const unsigned int sim_odr_hz[] = {
	0, 1, 10, 25, 50, 100, 200, 400
};

/* one interrupt generator (INT1_CFG/SRC/THS/DURATION or INT2_...) */
struct sim_ig {
	u8 src;			/* INTx_SRC as read */
	u8 pos;			/* 6D: enabled position bits of the last sample */
	bool cond;		/* the condition held on the last sample */
	unsigned int held;	/* consecutive samples with the condition true */
};

/* the click engine (CLICK_CFG/SRC/THS, TIME_LIMIT/LATENCY/WINDOW) */
enum sim_click_state {
	SIM_CLICK_IDLE,		/* below the threshold, waiting for a pulse */
	SIM_CLICK_PULSE,	/* above the threshold for @t samples */
	SIM_CLICK_LONG,		/* above for longer than TIME_LIMIT */
	SIM_CLICK_WAIT,		/* after a first click: latency, then window */
};

struct sim_click {
	u8 src;			/* CLICK_SRC as read */
	enum sim_click_state state;
	bool second;		/* the pulse is a double click's second */
	u8 axes;		/* axes above the threshold during the pulse */
	bool neg;		/* the pulse's sign (the first axis above) */
	unsigned int t;		/* samples in the state */
	unsigned int hold;	/* not latched: samples left showing the event */
};

/* sleep-to-wake (ACT_THS, ACT_DUR) */
struct sim_act {
	bool sleep;		/* inactive: the part runs at 10 Hz low-power */
	unsigned int quiet;	/* consecutive samples at or below ACT_THS */
};

/* one INT pin of the chip and its irq_chip state (hwirq = index + 1) */
struct sim_pin {
	bool line;		/* electrical level, after INT_POLARITY */
	bool edge_pending;	/* an edge of the trigger type not delivered */
	bool masked;
	bool wake;		/* armed as a wakeup source (irq_set_wake) */
	unsigned int irq_type;
	u64 irqs;		/* interrupts delivered */
	u64 wake_sets;		/* irq_set_wake(on) calls */
};

/* injected motion: pulses of the "tap" control, on top of the pattern */
struct sim_motion {
	int accel[3];		/* mg, the "accel" pattern */
	unsigned int axis;	/* axis of the pulses */
	int mg;			/* their amplitude, added to the axis */
	u64 start[2];		/* first sample of each pulse */
	unsigned int len;	/* samples per pulse */
	unsigned int pulses;	/* 0, 1 or 2 */
	u64 settled;		/* first sample of the current configuration */
	ktime_t ns;		/* guest time of the last change (motion_ns) */
};

struct lis2dh_sim {
	/*
	 * Protects every field up to the counters: taken by master_xfer
	 * (process context), the hrtimer and irq_work (hard irq, also on
	 * PREEMPT_RT, hence raw), the irq_chip callbacks (inside the irq
	 * descriptor lock) and debugfs.
	 */
	raw_spinlock_t lock;
	const struct sim_chip *chip;
	u16 addr;
	u8 regs[SIM_NREGS];
	u8 ptr;			/* register address pointer */
	bool ptr_inc;		/* auto-increment (bit 7 of the sub-address) */

	/* ODR clock: @done samples made since @t0, the last ODR change */
	unsigned int rate;
	ktime_t t0;
	ktime_t now;		/* time of the access being served */
	u64 done;

	s16 out[3];		/* output registers (FIFO off) */
	s16 latest[3];		/* newest sample */
	bool out_stale;		/* @latest waits for the BDU freeze to end */
	u8 bdu_hold;		/* axes whose OUT_x_L was read, OUT_x_H not yet */

	s16 fifo[SIM_FIFO_LEN][3];
	unsigned int fifo_head;
	unsigned int fifo_count;
	s16 fifo_out[3];	/* last entry taken out of the FIFO */
	bool fifo_stopped;	/* FIFO mode: full once, stores no more */
	bool fifo_triggered;	/* stream-to-FIFO: trigger seen */

	struct sim_ig ig[2];
	struct sim_click click;
	struct sim_act act;
	struct sim_motion motion;

	/* auxiliary ADC and temperature outputs (sim_aux_*) */
	int adc_mv[3];		/* ADC input voltages, mV (debugfs adc) */
	int temp_mc;		/* die temperature, m°C (debugfs temp) */
	enum sim_selftest selftest;	/* debugfs selftest */
	s16 aux_out[3];		/* OUT_ADC1..3 as read */
	s16 aux_latest[3];	/* newest conversion */
	bool aux_stale;		/* @aux_latest waits for the BDU freeze */
	u8 aux_hold;		/* channels whose OUT_ADCx_L was read */
	u8 aux_status;		/* STATUS_REG_AUX */

	/* INT1 and INT2 as seen by the irq_chip */
	struct sim_pin pin[SIM_NR_PINS];
	bool dying;

	enum sim_pattern pattern;
	bool fault_nack;
	bool fault_stall;
	unsigned int fault_eio;
	unsigned int fault_eio_after;	/* transfers served before fault_eio */
	int fault_whoami;	/* -1: none */

	u64 samples;		/* also the number n of the next sample */
	u64 xfers;
	u64 bytes;
	u64 bus_ns;		/* wire time of the transfers (bus_khz) */
	u64 overruns;

	struct hrtimer timer;
	struct irq_work work;
	/* module-parameter mode: the domain's own fwnode and the client pin's mapping */
	struct fwnode_handle *fwnode;
	unsigned int virq;
	struct irq_domain *domain;
	/* sim_irq_chip named after the instance (/proc/interrupts) */
	struct irq_chip irq_chip;
	struct i2c_adapter adap;
	/* max_xfer: the adapter's message length limits */
	struct i2c_adapter_quirks quirks;
	unsigned int bus_khz;	/* 0: transfers take no time */
	struct i2c_client *client;
	const char *name;	/* adapter and debugfs folder */
	struct dentry *dbg;
};

static char *sim_param_chip = "lis3dh";
module_param_named(chip, sim_param_chip, charp, 0444);
MODULE_PARM_DESC(chip, "simulated chip: lis3dh (default), lis2dh12 or sc7a20");

static ushort sim_param_addr = 0x18;
module_param_named(addr, sim_param_addr, ushort, 0444);
MODULE_PARM_DESC(addr, "7-bit I2C address (default 0x18)");

static bool sim_param_irq = true;
module_param_named(irq, sim_param_irq, bool, 0444);
MODULE_PARM_DESC(irq, "give the instantiated client the INT1 interrupt (default 1)");

static bool sim_param_instantiate = true;
module_param_named(instantiate, sim_param_instantiate, bool, 0444);
MODULE_PARM_DESC(instantiate, "create the I2C client (default 1)");

static char *sim_param_irq_type = "rising";
module_param_named(irq_type, sim_param_irq_type, charp, 0444);
MODULE_PARM_DESC(irq_type, "INT1 trigger type: rising (default), falling, high or low");

static uint sim_param_irq_pin = 1;
module_param_named(irq_pin, sim_param_irq_pin, uint, 0444);
MODULE_PARM_DESC(irq_pin, "chip pin wired to the client's interrupt: 1 (INT1, default) or 2 (INT2, named in a software node)");

static bool sim_param_wakeup;
module_param_named(wakeup, sim_param_wakeup, bool, 0444);
MODULE_PARM_DESC(wakeup, "the client's interrupt can wake the system (I2C_CLIENT_WAKE, as wakeup-source in a device tree; default 0)");

static uint sim_param_bus_khz;
module_param_named(bus_khz, sim_param_bus_khz, uint, 0444);
MODULE_PARM_DESC(bus_khz, "I2C clock in kHz: each transfer takes its wire time (default 0: none)");

static ushort sim_param_max_xfer;
module_param_named(max_xfer, sim_param_max_xfer, ushort, 0444);
MODULE_PARM_DESC(max_xfer, "the adapter's longest message in bytes, read or write (default 0: no limit)");

/* ------------------------------------------------------------------------
 * Register helpers
 */

static bool sim_reg_writable(unsigned int reg)
{
	switch (reg) {
	case REG_CTRL0 ... REG_REFERENCE:
	case REG_FIFO_CTRL:
	case REG_INT_CFG(0):
	case REG_INT_THS(0) ... REG_INT_CFG(1):
	case REG_INT_THS(1) ... REG_CLICK_CFG:
	case REG_CLICK_THS ... REG_ACT_DUR:
		return true;
	default:
		return false;
	}
}

static unsigned int sim_fifo_mode(const struct lis2dh_sim *s)
{
	return s->regs[REG_FIFO_CTRL] >> FIFO_CTRL_FM_SHIFT;
}

static bool sim_fifo_on(const struct lis2dh_sim *s)
{
	return (s->regs[REG_CTRL5] & CTRL5_FIFO_EN) &&
	       sim_fifo_mode(s) != SIM_FM_BYPASS;
}

/* true while new samples push out the oldest (stream phase) */
static bool sim_fifo_streaming(const struct lis2dh_sim *s)
{
	unsigned int fm = sim_fifo_mode(s);

	return fm == SIM_FM_STREAM ||
	       (fm == SIM_FM_STREAM_TO_FIFO && !s->fifo_triggered);
}

static bool sim_fifo_storing(const struct lis2dh_sim *s)
{
	return sim_fifo_on(s) && (sim_fifo_streaming(s) || !s->fifo_stopped);
}

static u8 sim_fifo_src(const struct lis2dh_sim *s)
{
	unsigned int count = s->fifo_count;
	u8 v = count & FIFO_SRC_FSS;

	if (count > (s->regs[REG_FIFO_CTRL] & FIFO_CTRL_FTH))
		v |= FIFO_SRC_WTM;
	if (count == SIM_FIFO_LEN)
		v |= FIFO_SRC_OVRN;
	if (!count)
		v |= FIFO_SRC_EMPTY;

	return v;
}

static void sim_fifo_reset(struct lis2dh_sim *s)
{
	s->fifo_head = 0;
	s->fifo_count = 0;
	s->fifo_stopped = false;
	s->fifo_triggered = false;
}

static unsigned int sim_mode(const struct lis2dh_sim *s)
{
	/* asleep (sleep-to-wake), LPen and HR are not considered */
	if ((s->regs[REG_CTRL1] & CTRL1_LPEN) || s->act.sleep)
		return 0;
	if (s->regs[REG_CTRL4] & CTRL4_HR)
		return 2;
	return 1;
}

static unsigned int sim_bits(const struct lis2dh_sim *s)
{
	static const unsigned int bits[] = { 8, 10, 12 };

	return bits[sim_mode(s)];
}

static unsigned int sim_fs(const struct lis2dh_sim *s)
{
	return (s->regs[REG_CTRL4] & CTRL4_FS_MASK) >> CTRL4_FS_SHIFT;
}

static int sim_sens(const struct lis2dh_sim *s)
{
	return sim_sens_mg[sim_mode(s)][sim_fs(s)];
}

/* acceleration in mg to a left-justified output word at the current mode */
static s16 sim_mg_to_word(const struct lis2dh_sim *s, int mg)
{
	unsigned int bits = sim_bits(s);
	int max = BIT(bits - 1) - 1;
	int counts = clamp(DIV_ROUND_CLOSEST(mg, sim_sens(s)), -max - 1, max);

	return (s16)((u32)counts << (16 - bits));
}

static int sim_word_to_mg(const struct lis2dh_sim *s, s16 word)
{
	return (word >> (16 - sim_bits(s))) * sim_sens(s);
}

static unsigned int sim_odr_rate(const struct lis2dh_sim *s, u8 ctrl1)
{
	unsigned int odr = ctrl1 >> CTRL1_ODR_SHIFT;

	if (odr == 9)
		return ctrl1 & CTRL1_LPEN ? s->chip->odr9_lp : s->chip->odr9;
	if (odr == 8)
		return s->chip->odr8;
	if (odr >= ARRAY_SIZE(sim_odr_hz))
		return 0;
	return sim_odr_hz[odr];
}

/* the sample rate: CTRL_REG1's, 10 Hz while asleep (sleep-to-wake) */
static unsigned int sim_rate(const struct lis2dh_sim *s)
{
	unsigned int rate = sim_odr_rate(s, s->regs[REG_CTRL1]);

	return rate && s->act.sleep ? 10 : rate;
}

/* power-on state of the chip (also CTRL_REG5 BOOT) */
static void sim_reset(struct lis2dh_sim *s)
{
	memset(s->regs, 0, sizeof(s->regs));
	s->regs[REG_CTRL0] = 0x10;
	s->regs[REG_CTRL1] = 0x07;
	s->rate = 0;
	s->t0 = s->now;
	s->done = 0;
	memset(s->out, 0, sizeof(s->out));
	memset(s->latest, 0, sizeof(s->latest));
	memset(s->fifo_out, 0, sizeof(s->fifo_out));
	s->out_stale = false;
	s->bdu_hold = 0;
	sim_fifo_reset(s);
	memset(s->ig, 0, sizeof(s->ig));
	memset(s->aux_out, 0, sizeof(s->aux_out));
	memset(s->aux_latest, 0, sizeof(s->aux_latest));
	s->aux_stale = false;
	s->aux_hold = 0;
	s->aux_status = 0;
	memset(&s->click, 0, sizeof(s->click));
	memset(&s->act, 0, sizeof(s->act));
	s->motion.settled = s->samples;
}

/* ------------------------------------------------------------------------
 * Sample generation
 */

static void sim_pattern(const struct lis2dh_sim *s, u64 n, s16 *w)
{
	unsigned int i;
	u64 q = n;
	int deg;

	switch (s->pattern) {
	case SIM_PAT_STILL:
		w[0] = 0;
		w[1] = 0;
		w[2] = sim_mg_to_word(s, 1000);
		break;
	case SIM_PAT_SINE:
		/* one degree per sample: X and Y turn, Z wobbles around 1 g */
		deg = do_div(q, 360);
		w[0] = sim_mg_to_word(s, ((s64)1000 * fixp_sin32(deg)) >> 31);
		w[1] = sim_mg_to_word(s, ((s64)1000 * fixp_cos32(deg)) >> 31);
		w[2] = sim_mg_to_word(s, 1000 +
				      (((s64)250 * fixp_sin32(2 * deg)) >> 31));
		break;
	case SIM_PAT_ACCEL:
		for (i = 0; i < 3; i++)
			w[i] = sim_mg_to_word(s, s->motion.accel[i]);
		break;
	default:
		/* n in the most significant byte of each axis */
		for (i = 0; i < 3; i++)
			w[i] = (s16)(((n >> (8 * i)) & 0xff) << 8);
		break;
	}
}

/* ------------------------------------------------------------------------
 * Auxiliary ADC, temperature sensor and self-test
 */

/* the channels of OUT_ADC1..3 (bits 0-2) converting in this configuration */
static u8 sim_aux_chans(const struct lis2dh_sim *s)
{
	u8 cfg = s->regs[REG_TEMP_CFG];
	u8 chans = 0;

	if ((s->chip->aux & SIM_AUX_ADC) && (cfg & TEMP_CFG_ADC_EN))
		chans = GENMASK(2, 0);
	if ((s->chip->aux & SIM_AUX_TEMP) &&
	    (cfg & TEMP_CFG_TEMP_ON) == TEMP_CFG_TEMP_ON)
		chans |= BIT(2);

	return chans;
}

static bool sim_aux_temp_on(const struct lis2dh_sim *s)
{
	return (s->chip->aux & SIM_AUX_TEMP) &&
	       (s->regs[REG_TEMP_CFG] & TEMP_CFG_TEMP_ON) == TEMP_CFG_TEMP_ON;
}

/* a right-justified code of @bits to a left-justified word, saturated */
static s16 sim_code_to_word(int code, unsigned int bits)
{
	int max = BIT(bits - 1) - 1;

	return (s16)((u32)clamp(code, -max - 1, max) << (16 - bits));
}

/*
 * ADC (LIS3DH datasheet 3.7): input range 1200 +- 400 mV, two's complement
 * left-justified, 10 bits (8 in low-power mode); 1200 mV reads 0.
 */
static s16 sim_adc_word(const struct lis2dh_sim *s, int mv)
{
	unsigned int bits = sim_mode(s) ? 10 : 8;

	return sim_code_to_word(DIV_ROUND_CLOSEST((mv - 1200) * (int)BIT(bits),
						  800), bits);
}

/*
 * Temperature: 1 digit/°C at 8 bits (so 4 digits/°C at the 10 bits of
 * normal and high-resolution mode), left-justified. The datasheets give
 * no absolute offset; the simulated part reads 0 at 25 °C, as ST's
 * example code assumes.
 */
static s16 sim_temp_word(const struct lis2dh_sim *s)
{
	unsigned int bits = sim_mode(s) ? 10 : 8;

	return sim_code_to_word(DIV_ROUND_CLOSEST((s->temp_mc - 25000) *
						  (int)BIT(bits - 8), 1000),
				bits);
}

/* one conversion of the enabled channels, at each ODR tick */
static void sim_aux_sample(struct lis2dh_sim *s)
{
	u8 chans = sim_aux_chans(s);
	u8 st = s->aux_status;
	unsigned int i;

	if (!chans)
		return;

	for (i = 0; i < 3; i++) {
		if (!(chans & BIT(i)))
			continue;
		if (i == 2 && sim_aux_temp_on(s))
			s->aux_latest[i] = sim_temp_word(s);
		else
			s->aux_latest[i] = sim_adc_word(s, s->adc_mv[i]);
	}
	if (s->aux_hold)
		s->aux_stale = true;
	else
		memcpy(s->aux_out, s->aux_latest, sizeof(s->aux_out));

	/* xOR: new data for a channel whose previous data were not read */
	st |= (st & chans) << 4;
	st |= chans;
	/* 321DA/321OR: the LIS3DH's summary of the three channels */
	if (s->chip->aux & SIM_AUX_ADC) {
		if (st & BIT(3))
			st |= BIT(7);
		st |= BIT(3);
	}
	s->aux_status = st;
}

/* the end of a BDU freeze: the newest conversion becomes visible */
static void sim_aux_release(struct lis2dh_sim *s)
{
	s->aux_hold = 0;
	if (s->aux_stale) {
		memcpy(s->aux_out, s->aux_latest, sizeof(s->aux_out));
		s->aux_stale = false;
	}
}

/* STATUS_REG_AUX and OUT_ADC1..3 (LIS2DH12: OUT_TEMP_L/H at 0x0c/0x0d) */
static u8 sim_aux_read(struct lis2dh_sim *s, u8 reg, bool side)
{
	unsigned int ch = (reg - REG_OUT_ADC1_L) / 2;
	bool high = reg & 1;
	u16 w;

	if (!s->chip->aux)
		return 0;
	if (reg == REG_STATUS_AUX)
		return s->aux_status;
	if (!(s->chip->aux & SIM_AUX_ADC) && ch != 2)
		return 0;

	w = s->aux_out[ch];
	if (side && (s->regs[REG_CTRL4] & CTRL4_BDU)) {
		if (!high) {
			s->aux_hold |= BIT(ch);
		} else {
			s->aux_hold &= ~BIT(ch);
			if (!s->aux_hold)
				sim_aux_release(s);
		}
	}
	if (side && high) {
		s->aux_status &= ~(BIT(ch) | BIT(ch + 4));
		if (!(s->aux_status & GENMASK(2, 0)))
			s->aux_status &= ~(BIT(3) | BIT(7));
	}

	return high ? w >> 8 : w & 0xff;
}

/* the self-test deflection (CTRL_REG4 ST = 01 or 10) added to a sample */
static void sim_st_apply(const struct lis2dh_sim *s, s16 *w)
{
	unsigned int st = (s->regs[REG_CTRL4] & CTRL4_ST_MASK) >>
			  CTRL4_ST_SHIFT;
	unsigned int bits = sim_bits(s);
	int sign, i;

	/* ST = 11 is "not allowed": modelled as no self-test */
	if (st != 1 && st != 2)
		return;
	sign = st == 1 ? 1 : -1;

	for (i = 0; i < 3; i++)
		w[i] = sim_code_to_word((w[i] >> (16 - bits)) + sign *
					DIV_ROUND_CLOSEST(sim_st_mg[s->selftest][i],
							  sim_sens(s)), bits);
}

/* run interrupt generator @i on one sample */
static void sim_ig_eval(struct lis2dh_sim *s, unsigned int i, const s16 *w)
{
	struct sim_ig *ig = &s->ig[i];
	u8 cfg = s->regs[REG_INT_CFG(i)];
	u8 ctrl5 = s->regs[REG_CTRL5];
	int ths = (s->regs[REG_INT_THS(i)] & INT_7BIT) * sim_ths_mg[sim_fs(s)];
	unsigned int dur = s->regs[REG_INT_DUR(i)] & INT_7BIT;
	bool lir = ctrl5 & (i ? CTRL5_LIR_INT2 : CTRL5_LIR_INT1);
	bool d4d = ctrl5 & (i ? CTRL5_D4D_INT2 : CTRL5_D4D_INT1);
	u8 en = cfg & INT_CFG_EN;
	u8 ev = 0;
	bool cond;
	unsigned int a;

	for (a = 0; a < 3; a++) {
		int mg = sim_word_to_mg(s, w[a]);

		if (cfg & INT_CFG_6D) {
			if (mg > ths)
				ev |= BIT(2 * a + 1);
			if (mg < -ths)
				ev |= BIT(2 * a);
		} else {
			if (abs(mg) > ths)
				ev |= BIT(2 * a + 1);
			if (abs(mg) < ths)
				ev |= BIT(2 * a);
		}
	}

	if ((cfg & INT_CFG_6D) && d4d)
		en &= GENMASK(3, 0);

	switch (cfg & (INT_CFG_AOI | INT_CFG_6D)) {
	case INT_CFG_AOI:
		cond = en && (ev & en) == en;
		break;
	case INT_CFG_6D:
		/* movement: a change to another enabled position */
		cond = (ev & en) && (ev & en) != ig->pos;
		break;
	default:
		/* OR combination, and 6D position */
		cond = ev & en;
		break;
	}
	ig->pos = ev & en;
	ig->cond = cond;

	if (cond) {
		if (ig->held < U32_MAX)
			ig->held++;
	} else {
		ig->held = 0;
	}

	if (lir && (ig->src & INT_SRC_IA))
		return;

	ig->src = ev;
	if (cond && ig->held > dur)
		ig->src |= INT_SRC_IA;
}

/* ------------------------------------------------------------------------
 * Injected motion and the click engine
 */

/* add the pulses of the "tap" control that cover sample @n */
static void sim_motion_add(const struct lis2dh_sim *s, u64 n, s16 *w)
{
	const struct sim_motion *m = &s->motion;
	unsigned int i;

	for (i = 0; i < m->pulses; i++) {
		if (n >= m->start[i] && n - m->start[i] < m->len) {
			w[m->axis] = sim_mg_to_word(s, sim_word_to_mg(s, w[m->axis]) +
						    m->mg);
			return;
		}
	}
}

/* a new input from now on: the next sample is the first to see it */
static void sim_motion_changed(struct lis2dh_sim *s)
{
	s->motion.settled = s->samples;
	s->motion.ns = s->now;
}

/*
 * For the timer: 0 if the engines' input may differ between the last sample
 * and the next two (a changing pattern, a register written, a pulse edge),
 * else how many samples from the next one on keep the last one's input
 * (U64_MAX: until a debugfs write or a register write).
 */
static u64 sim_motion_calm(const struct lis2dh_sim *s)
{
	const struct sim_motion *m = &s->motion;
	u64 n = s->samples, next = U64_MAX, e;
	unsigned int i;

	if (s->pattern == SIM_PAT_COUNTER || s->pattern == SIM_PAT_SINE)
		return 0;
	if (m->settled + 1 >= n)
		return 0;
	for (i = 0; i < m->pulses; i++) {
		u64 edges[2] = { m->start[i], m->start[i] + m->len };

		for (e = 0; e < 2; e++) {
			if (edges[e] + 1 == n || edges[e] == n)
				return 0;
			if (edges[e] > n)
				next = min(next, edges[e] - n);
		}
	}

	return next;
}

/* the click axes (bit a) enabled for a single (@dbl 0) or double click */
static u8 sim_click_axes(u8 cfg, bool dbl)
{
	u8 axes = 0;
	unsigned int a;

	for (a = 0; a < 3; a++)
		if (cfg & BIT(2 * a + dbl))
			axes |= BIT(a);

	return axes;
}

/* start a pulse: the axes above the threshold, the sign of the first */
static void sim_click_start(struct sim_click *c, u8 over, bool neg, bool second)
{
	c->state = SIM_CLICK_PULSE;
	c->second = second;
	c->axes = over;
	c->neg = neg;
	c->t = 1;
}

/*
 * Run the click engine on one sample (datasheet CLICK_* registers, ST
 * AN3308 "click and double-click recognition"). A click is a pulse above
 * CLICK_THS on an enabled axis that falls back within TIME_LIMIT samples;
 * a double click is a second such pulse that starts after TIME_LATENCY
 * samples and within TIME_WINDOW samples after that. The event is reported
 * when the pulse falls back.
 */
static void sim_click_eval(struct lis2dh_sim *s, const s16 *w)
{
	struct sim_click *c = &s->click;
	u8 cfg = s->regs[REG_CLICK_CFG];
	u8 thsr = s->regs[REG_CLICK_THS];
	int ths = (thsr & INT_7BIT) * sim_ths_mg[sim_fs(s)];
	unsigned int tl = s->regs[REG_TIME_LIMIT] & INT_7BIT;
	unsigned int tla = s->regs[REG_TIME_LATENCY];
	unsigned int tw = s->regs[REG_TIME_WINDOW];
	u8 any = sim_click_axes(cfg, 0) | sim_click_axes(cfg, 1);
	bool lir = thsr & CLICK_THS_LIR;
	u8 over = 0, ev = 0, axes = 0;
	bool neg = false;
	unsigned int a;

	for (a = 0; a < 3; a++) {
		int mg = sim_word_to_mg(s, w[a]);

		if ((any & BIT(a)) && abs(mg) > ths) {
			if (!over)
				neg = mg < 0;
			over |= BIT(a);
		}
	}

	/* not latched, an event shows for the latency time */
	if (c->hold && !--c->hold)
		c->src = 0;

	switch (c->state) {
	case SIM_CLICK_IDLE:
		if (over)
			sim_click_start(c, over, neg, false);
		break;
	case SIM_CLICK_PULSE:
		if (over) {
			c->axes |= over;
			if (++c->t > tl)
				c->state = SIM_CLICK_LONG;
			break;
		}
		if (c->second) {
			axes = c->axes & sim_click_axes(cfg, 1);
			if (axes)
				ev = CLICK_SRC_DCLICK;
			c->state = SIM_CLICK_IDLE;
			break;
		}
		axes = c->axes & sim_click_axes(cfg, 0);
		if (axes)
			ev = CLICK_SRC_SCLICK;
		c->state = (c->axes & sim_click_axes(cfg, 1)) ?
			   SIM_CLICK_WAIT : SIM_CLICK_IDLE;
		c->t = 0;
		break;
	case SIM_CLICK_LONG:
		if (!over)
			c->state = SIM_CLICK_IDLE;
		break;
	case SIM_CLICK_WAIT:
		if (++c->t <= tla)
			break;
		if (c->t <= tla + tw) {
			if (over)
				sim_click_start(c, over, neg, true);
			break;
		}
		/* the window passed: this sample may start a first click */
		c->state = SIM_CLICK_IDLE;
		if (over)
			sim_click_start(c, over, neg, false);
		break;
	}

	if (!ev || (lir && (c->src & CLICK_SRC_IA)))
		return;
	c->src = CLICK_SRC_IA | ev | axes | (c->neg ? CLICK_SRC_SIGN : 0);
	c->hold = lir ? 0 : max(tla, 1U);
}

/*
 * Sleep-to-wake (ACT_THS, ACT_DUR), on while ACT_THS is not 0: the part
 * sleeps once every axis has stayed at or below ACT_THS for
 * (8 x ACT_DUR + 1) samples, and wakes at the first sample with an axis
 * above it.
 */
static void sim_act_eval(struct lis2dh_sim *s, const s16 *w)
{
	struct sim_act *act = &s->act;
	int ths = (s->regs[REG_ACT_THS] & INT_7BIT) * sim_ths_mg[sim_fs(s)];
	unsigned int dur = 8 * s->regs[REG_ACT_DUR] + 1;
	unsigned int a;

	if (!ths) {
		act->sleep = false;
		act->quiet = 0;
		return;
	}

	for (a = 0; a < 3; a++) {
		if (abs(sim_word_to_mg(s, w[a])) > ths) {
			act->sleep = false;
			act->quiet = 0;
			return;
		}
	}
	if (act->quiet < dur)
		act->quiet++;
	if (act->quiet >= dur)
		act->sleep = true;
}

/* samples until the next one at which the sleep state can change; 0: none */
static u64 sim_act_next(const struct lis2dh_sim *s)
{
	unsigned int dur = 8 * s->regs[REG_ACT_DUR] + 1;
	u64 calm, k = U64_MAX;

	if (!(s->regs[REG_ACT_THS] & INT_7BIT))
		return 0;
	calm = sim_motion_calm(s);
	if (!calm)
		return 1;
	if (!s->act.sleep && s->act.quiet)
		k = dur - s->act.quiet;
	if (calm != U64_MAX)
		k = min(k, calm + 1);

	return k == U64_MAX ? 0 : k;
}

/* samples until the next one at which the click IA can change; 0: none */
static u64 sim_click_next(const struct lis2dh_sim *s)
{
	const struct sim_click *c = &s->click;
	u64 calm;

	if (!(s->regs[REG_CLICK_CFG] & CLICK_CFG_EN))
		return 0;
	if (c->hold || c->state == SIM_CLICK_PULSE ||
	    c->state == SIM_CLICK_WAIT)
		return 1;
	if ((s->regs[REG_CLICK_THS] & CLICK_THS_LIR) &&
	    (c->src & CLICK_SRC_IA))
		return 0;
	/* idle or too long: only a change of the input starts a pulse */
	calm = sim_motion_calm(s);
	if (!calm)
		return 1;
	return calm == U64_MAX ? 0 : calm + 1;
}

/* samples until the next one at which generator @i's IA can change; 0: none */
static u64 sim_ig_next(const struct lis2dh_sim *s, unsigned int i)
{
	const struct sim_ig *ig = &s->ig[i];
	unsigned int dur = s->regs[REG_INT_DUR(i)] & INT_7BIT;
	bool lir = s->regs[REG_CTRL5] & (i ? CTRL5_LIR_INT2 : CTRL5_LIR_INT1);
	u64 calm, k = U64_MAX;

	if (!(s->regs[REG_INT_CFG(i)] & INT_CFG_EN))
		return 0;
	if (lir && (ig->src & INT_SRC_IA))
		return 0;
	calm = sim_motion_calm(s);
	if (!calm)
		return 1;
	/* the input holds: the condition too, IA rises when held passes dur */
	if (ig->cond && !(ig->src & INT_SRC_IA))
		k = ig->held > dur ? 1 : dur + 1 - ig->held;
	if (calm != U64_MAX)
		k = min(k, calm + 1);

	return k == U64_MAX ? 0 : k;
}

static void sim_fifo_push(struct lis2dh_sim *s, const s16 *w)
{
	unsigned int i, tail;

	if (!sim_fifo_on(s))
		return;

	if (sim_fifo_streaming(s)) {
		if (s->fifo_count == SIM_FIFO_LEN) {
			s->fifo_head = (s->fifo_head + 1) % SIM_FIFO_LEN;
			s->fifo_count--;
			s->overruns++;
		}
	} else if (s->fifo_stopped || s->fifo_count == SIM_FIFO_LEN) {
		s->fifo_stopped = true;
		s->overruns++;
		return;
	}

	tail = (s->fifo_head + s->fifo_count) % SIM_FIFO_LEN;
	for (i = 0; i < 3; i++)
		s->fifo[tail][i] = w[i] & 0xffc0;	/* 10 MSBs */
	s->fifo_count++;

	if (!sim_fifo_streaming(s) && s->fifo_count == SIM_FIFO_LEN)
		s->fifo_stopped = true;
}

static void sim_set_data_ready(struct lis2dh_sim *s)
{
	u8 en = s->regs[REG_CTRL1] & CTRL1_AXES;
	u8 st = s->regs[REG_STATUS];

	if (!en)
		return;
	/* xOR: new data for an axis whose previous data were not read */
	st |= (st & en) << 4;
	if (st & STATUS_ZYXDA)
		st |= STATUS_ZYXOR;
	s->regs[REG_STATUS] = st | STATUS_ZYXDA | en;
}

static void sim_sample(struct lis2dh_sim *s)
{
	unsigned int tr;
	s16 w[3];

	sim_pattern(s, s->samples, w);
	sim_motion_add(s, s->samples, w);
	sim_st_apply(s, w);
	s->samples++;
	sim_aux_sample(s);

	memcpy(s->latest, w, sizeof(w));
	if (s->bdu_hold)
		s->out_stale = true;
	else
		memcpy(s->out, w, sizeof(w));

	sim_set_data_ready(s);
	sim_ig_eval(s, 0, w);
	sim_ig_eval(s, 1, w);
	sim_click_eval(s, w);
	sim_act_eval(s, w);

	tr = !!(s->regs[REG_FIFO_CTRL] & FIFO_CTRL_TR);
	if (sim_fifo_on(s) && sim_fifo_mode(s) == SIM_FM_STREAM_TO_FIFO &&
	    (s->ig[tr].src & INT_SRC_IA))
		s->fifo_triggered = true;

	sim_fifo_push(s, w);
}

/*
 * Whether samples can be accounted without running them one by one as far as
 * the FIFO is concerned: it ignores them or is full, so that the last
 * SIM_FF_KEEP samples, run normally, decide what it holds.
 */
static bool sim_fifo_skippable(const struct lis2dh_sim *s)
{
	if (!sim_fifo_on(s))
		return true;
	if (sim_fifo_streaming(s))
		return s->fifo_count == SIM_FIFO_LEN;
	return s->fifo_stopped;
}

/* whether an event engine runs: it must see every sample */
static bool sim_ig_enabled(const struct lis2dh_sim *s)
{
	return ((s->regs[REG_INT_CFG(0)] | s->regs[REG_INT_CFG(1)]) &
		INT_CFG_EN) || (s->regs[REG_CLICK_CFG] & CLICK_CFG_EN) ||
	       (s->regs[REG_ACT_THS] & INT_7BIT);
}

static void sim_skip(struct lis2dh_sim *s, u64 n)
{
	s->samples += n;
	sim_set_data_ready(s);
	if (!sim_fifo_on(s))
		return;
	s->overruns += n;
	if (sim_fifo_streaming(s))
		s->fifo_head = (s->fifo_head + do_div(n, SIM_FIFO_LEN)) %
			       SIM_FIFO_LEN;
}

/* generate the samples due at @now */
static void sim_catch_up(struct lis2dh_sim *s, ktime_t now)
{
	u64 due, todo;
	bool sleep;

	s->now = now;
again:
	if (!s->rate)
		return;

	due = div_u64((u64)ktime_to_ns(ktime_sub(now, s->t0)) * s->rate,
		      NSEC_PER_SEC);
	if (due <= s->done)
		return;
	todo = due - s->done;
	s->done = due;

	while (todo) {
		if (todo > SIM_FF_KEEP && sim_fifo_skippable(s)) {
			/* the generators see every sample, up to a bound */
			u64 keep = sim_ig_enabled(s) ? SIM_IG_KEEP : SIM_FF_KEEP;

			if (todo > keep) {
				sim_skip(s, todo - keep);
				todo = keep;
			}
		}
		sleep = s->act.sleep;
		sim_sample(s);
		todo--;
		if (s->act.sleep != sleep) {
			/*
			 * Sleep-to-wake changed the rate: the clock restarts
			 * at this sample, the (due - todo)th since t0.
			 */
			s->t0 = ktime_add_ns(s->t0,
					     DIV_ROUND_UP_ULL((due - todo) *
							      NSEC_PER_SEC,
							      s->rate));
			s->done = 0;
			s->rate = sim_rate(s);
			goto again;
		}
	}
}

/* ------------------------------------------------------------------------
 * INT1 and INT2 pins and interrupt delivery
 */

/* whether pin @p (0: INT1, 1: INT2) is active, before INT_POLARITY */
static bool sim_pin_active(const struct lis2dh_sim *s, unsigned int p)
{
	bool ia1 = s->ig[0].src & INT_SRC_IA;
	bool ia2 = s->ig[1].src & INT_SRC_IA;
	bool click = s->click.src & CLICK_SRC_IA;
	u8 c3 = s->regs[REG_CTRL3];
	u8 c6 = s->regs[REG_CTRL6];
	u8 fsrc;

	if (p) {
		/* I2_BOOT: the simulated boot takes no time, never seen */
		return ((c6 & CTRL6_I2_CLICK) && click) ||
		       ((c6 & CTRL6_I2_IA1) && ia1) ||
		       ((c6 & CTRL6_I2_IA2) && ia2) ||
		       ((c6 & CTRL6_I2_ACT) && s->act.sleep);
	}

	fsrc = sim_fifo_src(s);
	return ((c3 & CTRL3_I1_ZYXDA) && (s->regs[REG_STATUS] & STATUS_ZYXDA)) ||
	       ((c3 & CTRL3_I1_WTM) && (fsrc & FIFO_SRC_WTM)) ||
	       ((c3 & CTRL3_I1_OVERRUN) && (fsrc & FIFO_SRC_OVRN)) ||
	       ((c3 & CTRL3_I1_CLICK) && click) ||
	       ((c3 & CTRL3_I1_IA1) && ia1) ||
	       ((c3 & CTRL3_I1_IA2) && ia2);
}

static bool sim_pin_ready(const struct lis2dh_sim *s, unsigned int p)
{
	const struct sim_pin *pin = &s->pin[p];

	if (pin->masked || s->dying)
		return false;

	switch (pin->irq_type) {
	case IRQ_TYPE_LEVEL_HIGH:
		return pin->line;
	case IRQ_TYPE_LEVEL_LOW:
		return !pin->line;
	default:
		return pin->edge_pending;
	}
}

/* recompute the pin levels; true if an interrupt should be delivered */
static bool sim_irq_update(struct lis2dh_sim *s)
{
	bool pol = s->regs[REG_CTRL6] & CTRL6_INT_POLARITY;
	bool ready = false;
	unsigned int p;

	for (p = 0; p < SIM_NR_PINS; p++) {
		struct sim_pin *pin = &s->pin[p];
		bool level = sim_pin_active(s, p) ^ pol;

		if (level != pin->line) {
			pin->line = level;
			if ((pin->irq_type == IRQ_TYPE_EDGE_RISING && level) ||
			    (pin->irq_type == IRQ_TYPE_EDGE_FALLING && !level))
				pin->edge_pending = true;
		}
		ready |= sim_pin_ready(s, p);
	}

	return ready;
}

/* samples until the next one at which pin @p can change; 0: none */
static u64 sim_next_change(const struct lis2dh_sim *s, unsigned int p)
{
	u8 c3 = s->regs[REG_CTRL3];
	u8 c6 = s->regs[REG_CTRL6];
	unsigned int fth = s->regs[REG_FIFO_CTRL] & FIFO_CTRL_FTH;
	unsigned int count = s->fifo_count;
	u64 k = U64_MAX, n;
	unsigned int i;

	if (p) {
		c3 = 0;
		if (c6 & CTRL6_I2_CLICK)
			c3 |= CTRL3_I1_CLICK;
		if (c6 & CTRL6_I2_IA1)
			c3 |= CTRL3_I1_IA1;
		if (c6 & CTRL6_I2_IA2)
			c3 |= CTRL3_I1_IA2;
	}

	if ((c3 & CTRL3_I1_ZYXDA) && (s->regs[REG_CTRL1] & CTRL1_AXES) &&
	    !(s->regs[REG_STATUS] & STATUS_ZYXDA))
		k = 1;

	if (sim_fifo_storing(s)) {
		if ((c3 & CTRL3_I1_WTM) && count <= fth)
			k = min_t(u64, k, fth + 1 - count);
		if ((c3 & CTRL3_I1_OVERRUN) && count < SIM_FIFO_LEN)
			k = min_t(u64, k, SIM_FIFO_LEN - count);
	}

	for (i = 0; i < 2; i++) {
		if (!(c3 & (i ? CTRL3_I1_IA2 : CTRL3_I1_IA1)))
			continue;
		n = sim_ig_next(s, i);
		if (n)
			k = min(k, n);
	}

	if (c3 & CTRL3_I1_CLICK) {
		n = sim_click_next(s);
		if (n)
			k = min(k, n);
	}

	if (p && (c6 & CTRL6_I2_ACT)) {
		n = sim_act_next(s);
		if (n)
			k = min(k, n);
	}

	return k == U64_MAX ? 0 : k;
}

static void sim_schedule(struct lis2dh_sim *s)
{
	ktime_t expires;
	u64 k = U64_MAX, n, ns;
	unsigned int p;

	if (!s->rate || s->dying)
		return;
	for (p = 0; p < SIM_NR_PINS; p++) {
		if (s->pin[p].masked)
			continue;
		n = sim_next_change(s, p);
		if (n)
			k = min(k, n);
	}
	if (k == U64_MAX)
		return;

	ns = DIV_ROUND_UP_ULL((s->done + k) * NSEC_PER_SEC, s->rate);
	expires = ktime_add_ns(s->t0, ns);
	/* every start is made under the lock: skip reprogramming the same */
	if (hrtimer_is_queued(&s->timer) &&
	    hrtimer_get_expires(&s->timer) == expires)
		return;
	hrtimer_start(&s->timer, expires, HRTIMER_MODE_ABS_HARD);
}

/* catch up, recompute the pins and re-arm the timer; true: deliver an irq */
static bool sim_sync(struct lis2dh_sim *s)
{
	bool ready;

	sim_catch_up(s, ktime_get());
	ready = sim_irq_update(s);
	sim_schedule(s);

	return ready;
}

/*
 * Called with the lock held from hard irq context: the pins (bit p) whose
 * interrupt is to be delivered.
 */
static unsigned int sim_irq_take(struct lis2dh_sim *s)
{
	unsigned int p, fire = 0;

	for (p = 0; p < SIM_NR_PINS; p++) {
		if (!sim_pin_ready(s, p))
			continue;
		s->pin[p].edge_pending = false;
		s->pin[p].irqs++;
		fire |= BIT(p);
	}

	return fire;
}

static void sim_irq_fire(struct lis2dh_sim *s, unsigned int fire)
{
	unsigned int p;

	for (p = 0; p < SIM_NR_PINS; p++)
		if (fire & BIT(p))
			generic_handle_domain_irq(s->domain, SIM_HWIRQ_INT1 + p);
}

static enum hrtimer_restart sim_timer_fn(struct hrtimer *t)
{
	struct lis2dh_sim *s = container_of(t, struct lis2dh_sim, timer);
	unsigned long flags;
	unsigned int fire;

	raw_spin_lock_irqsave(&s->lock, flags);
	sim_sync(s);
	fire = sim_irq_take(s);
	raw_spin_unlock_irqrestore(&s->lock, flags);

	sim_irq_fire(s, fire);

	return HRTIMER_NORESTART;
}

static void sim_irq_work_fn(struct irq_work *work)
{
	struct lis2dh_sim *s = container_of(work, struct lis2dh_sim, work);
	unsigned long flags;
	unsigned int fire;

	raw_spin_lock_irqsave(&s->lock, flags);
	fire = sim_irq_take(s);
	raw_spin_unlock_irqrestore(&s->lock, flags);

	sim_irq_fire(s, fire);
}

/* the pin of a mapping: hwirq 1 is INT1, 2 INT2 */
static struct sim_pin *sim_irq_pin(struct irq_data *d)
{
	struct lis2dh_sim *s = irq_data_get_irq_chip_data(d);

	return &s->pin[irqd_to_hwirq(d) - SIM_HWIRQ_INT1];
}

static void sim_irq_mask(struct irq_data *d)
{
	struct lis2dh_sim *s = irq_data_get_irq_chip_data(d);
	unsigned long flags;

	raw_spin_lock_irqsave(&s->lock, flags);
	sim_irq_pin(d)->masked = true;
	raw_spin_unlock_irqrestore(&s->lock, flags);
}

static void sim_irq_unmask(struct irq_data *d)
{
	struct lis2dh_sim *s = irq_data_get_irq_chip_data(d);
	unsigned long flags;
	bool kick;

	raw_spin_lock_irqsave(&s->lock, flags);
	sim_irq_pin(d)->masked = false;
	kick = sim_sync(s);
	raw_spin_unlock_irqrestore(&s->lock, flags);

	/* a level still active, or an edge latched while masked */
	if (kick)
		irq_work_queue(&s->work);
}

/* edges are latched in @edge_pending and consumed when delivered */
static void sim_irq_ack(struct irq_data *d)
{
}

static int sim_irq_set_type(struct irq_data *d, unsigned int type)
{
	struct lis2dh_sim *s = irq_data_get_irq_chip_data(d);
	struct sim_pin *pin = sim_irq_pin(d);
	irq_flow_handler_t handler;
	unsigned long flags;

	switch (type) {
	case IRQ_TYPE_EDGE_RISING:
	case IRQ_TYPE_EDGE_FALLING:
		handler = handle_edge_irq;
		break;
	case IRQ_TYPE_LEVEL_HIGH:
	case IRQ_TYPE_LEVEL_LOW:
		handler = handle_level_irq;
		break;
	default:
		return -EINVAL;
	}

	raw_spin_lock_irqsave(&s->lock, flags);
	pin->irq_type = type;
	pin->edge_pending = false;
	raw_spin_unlock_irqrestore(&s->lock, flags);

	irq_set_handler_locked(d, handler);

	return IRQ_SET_MASK_OK;
}

/*
 * enable_irq_wake()/disable_irq_wake(): the pin is a wakeup source. The
 * simulated chip needs nothing for it (its pins work while the system
 * sleeps); the state is shown in debugfs irq_wake.
 */
static int sim_irq_set_wake(struct irq_data *d, unsigned int on)
{
	struct lis2dh_sim *s = irq_data_get_irq_chip_data(d);
	struct sim_pin *pin = sim_irq_pin(d);
	unsigned long flags;

	raw_spin_lock_irqsave(&s->lock, flags);
	pin->wake = on;
	if (on)
		pin->wake_sets++;
	raw_spin_unlock_irqrestore(&s->lock, flags);

	return 0;
}

static const struct irq_chip sim_irq_chip = {
	.name = SIM_NAME,
	.irq_ack = sim_irq_ack,
	.irq_mask = sim_irq_mask,
	.irq_unmask = sim_irq_unmask,
	.irq_set_type = sim_irq_set_type,
	.irq_set_wake = sim_irq_set_wake,
};

static int sim_irq_map(struct irq_domain *domain, unsigned int virq,
		       irq_hw_number_t hwirq)
{
	struct lis2dh_sim *s = domain->host_data;

	irq_set_chip_data(virq, s);
	irq_set_chip_and_handler(virq, &s->irq_chip, handle_edge_irq);
	irq_set_noprobe(virq);

	return 0;
}

/* device-tree specifiers: <pin type>, pin 1 (INT1) or 2 (INT2) */
static int sim_irq_xlate(struct irq_domain *d, struct device_node *node,
			 const u32 *intspec, unsigned int intsize,
			 irq_hw_number_t *out_hwirq, unsigned int *out_type)
{
	int ret;

	ret = irq_domain_xlate_twocell(d, node, intspec, intsize, out_hwirq,
				       out_type);
	if (ret)
		return ret;
	if (*out_hwirq != SIM_HWIRQ_INT1 && *out_hwirq != SIM_HWIRQ_INT2)
		return -EINVAL;

	return 0;
}

static const struct irq_domain_ops sim_irq_domain_ops = {
	.map = sim_irq_map,
	.xlate = sim_irq_xlate,
};

/* ------------------------------------------------------------------------
 * Register access
 */

/* next register address of an auto-increment access */
static u8 sim_next_reg(const struct lis2dh_sim *s, u8 reg)
{
	/* reading the FIFO: the address rolls back to OUT_X_L */
	if (reg == REG_OUT_Z_H && sim_fifo_on(s))
		return REG_OUT_X_L;
	return (reg + 1) & 0x7f;
}

static void sim_clear_data_ready(struct lis2dh_sim *s, unsigned int axis)
{
	u8 st = s->regs[REG_STATUS] & ~(BIT(axis) | BIT(axis + 4));

	if (!(st & STATUS_DA))
		st &= ~(STATUS_ZYXDA | STATUS_ZYXOR);
	s->regs[REG_STATUS] = st;
}

static u8 sim_read_out(struct lis2dh_sim *s, u8 reg, bool side)
{
	unsigned int axis = (reg - REG_OUT_X_L) / 2;
	bool high_addr = reg & 1;
	bool fifo = sim_fifo_on(s);
	const s16 *words;
	bool msb;
	u16 w;

	if (fifo)
		words = s->fifo_count ? s->fifo[s->fifo_head] : s->fifo_out;
	else
		words = s->out;
	w = words[axis];
	msb = (s->regs[REG_CTRL4] & CTRL4_BLE) ? !high_addr : high_addr;

	if (!side)
		goto out;

	if (!fifo && (s->regs[REG_CTRL4] & CTRL4_BDU)) {
		if (!high_addr) {
			s->bdu_hold |= BIT(axis);
		} else {
			s->bdu_hold &= ~BIT(axis);
			if (!s->bdu_hold && s->out_stale) {
				memcpy(s->out, s->latest, sizeof(s->out));
				s->out_stale = false;
			}
		}
	}

	if (high_addr)
		sim_clear_data_ready(s, axis);

	if (fifo && reg == REG_OUT_Z_H && s->fifo_count) {
		memcpy(s->fifo_out, s->fifo[s->fifo_head], sizeof(s->fifo_out));
		s->fifo_head = (s->fifo_head + 1) % SIM_FIFO_LEN;
		s->fifo_count--;
	}
out:
	return msb ? w >> 8 : w & 0xff;
}

/* read one register; @side: apply read side effects (I2C) or peek (debugfs) */
static u8 sim_read(struct lis2dh_sim *s, u8 reg, bool side)
{
	u8 v;

	switch (reg) {
	case REG_WHO_AM_I:
		if (s->fault_whoami >= 0)
			return s->fault_whoami;
		return s->chip->whoami;
	case REG_STATUS:
		return s->regs[REG_STATUS];
	case REG_STATUS_AUX ... REG_OUT_ADC3_H:
		return sim_aux_read(s, reg, side);
	case REG_OUT_X_L ... REG_OUT_Z_H:
		return sim_read_out(s, reg, side);
	case REG_FIFO_SRC:
		return sim_fifo_src(s);
	case REG_INT_SRC(0):
	case REG_INT_SRC(1): {
		unsigned int i = reg == REG_INT_SRC(1);
		u8 lir = i ? CTRL5_LIR_INT2 : CTRL5_LIR_INT1;

		v = s->ig[i].src;
		/* reading clears a latched IA and lets the bits refresh */
		if (side && (s->regs[REG_CTRL5] & lir))
			s->ig[i].src &= ~INT_SRC_IA;
		return v;
	}
	case REG_CLICK_SRC:
		v = s->click.src;
		/* LIR_Click: the event shows until CLICK_SRC is read */
		if (side && (s->regs[REG_CLICK_THS] & CLICK_THS_LIR))
			s->click.src = 0;
		return v;
	default:
		return sim_reg_writable(reg) ? s->regs[reg] : 0;
	}
}

static void sim_write(struct lis2dh_sim *s, u8 reg, u8 val)
{
	u8 old;

	if (!sim_reg_writable(reg))
		return;

	old = s->regs[reg];
	s->regs[reg] = val;
	/* the event engines' timer forecast starts again (sim_motion_calm) */
	s->motion.settled = s->samples;

	switch (reg) {
	case REG_CTRL1:
	case REG_ACT_THS: {
		unsigned int rate;

		/* ACT_THS 0 ends sleep-to-wake: awake at once */
		if (reg == REG_ACT_THS && !(val & INT_7BIT))
			memset(&s->act, 0, sizeof(s->act));
		rate = sim_rate(s);
		if (rate != s->rate) {
			s->rate = rate;
			s->t0 = s->now;
			s->done = 0;
		}
		break;
	}
	case REG_CTRL4:
		if (!(val & CTRL4_BDU))
			sim_aux_release(s);
		if (!(val & CTRL4_BDU) && s->bdu_hold) {
			s->bdu_hold = 0;
			if (s->out_stale) {
				memcpy(s->out, s->latest, sizeof(s->out));
				s->out_stale = false;
			}
		}
		break;
	case REG_CTRL5:
		if (val & CTRL5_BOOT)
			sim_reset(s);
		else if ((old & CTRL5_FIFO_EN) && !(val & CTRL5_FIFO_EN))
			sim_fifo_reset(s);
		break;
	case REG_FIFO_CTRL:
		if (!(val >> FIFO_CTRL_FM_SHIFT)) {
			sim_fifo_reset(s);
		} else if ((val ^ old) >> FIFO_CTRL_FM_SHIFT) {
			s->fifo_stopped = false;
			s->fifo_triggered = false;
		}
		break;
	}
}

static void sim_msg(struct lis2dh_sim *s, struct i2c_msg *msg)
{
	u16 i;

	sim_catch_up(s, ktime_get());

	if (msg->flags & I2C_M_RD) {
		for (i = 0; i < msg->len; i++) {
			msg->buf[i] = sim_read(s, s->ptr, true);
			if (s->ptr_inc)
				s->ptr = sim_next_reg(s, s->ptr);
		}
	} else if (msg->len) {
		s->ptr = msg->buf[0] & 0x7f;
		s->ptr_inc = msg->buf[0] & SIM_AUTOINC;
		for (i = 1; i < msg->len; i++) {
			sim_write(s, s->ptr, msg->buf[i]);
			if (s->ptr_inc)
				s->ptr = sim_next_reg(s, s->ptr);
		}
	}

	s->xfers++;
	s->bytes += msg->len;
}

/*
 * Bits on the wire for one master_xfer call of @num messages (standard and
 * fast mode, 7-bit addresses), each counted as one SCL period:
 *   1   START
 *   9   per message: the address byte with R/W (8) and its ACK (1)
 *   9   per payload byte: 8 data bits and the ACK/NACK bit after each (the
 *       sub-address is the first payload byte of a write message)
 *   1   per message after the first: repeated START
 *   1   STOP
 * so 2 + (num - 1) + 9 * (num + payload bytes). A register read (write of
 * the sub-address, repeated start, read of 6 bytes) is
 * 2 + 1 + 9 * (2 + 7) = 84 bits: 840 us at 100 kHz, 210 us at 400 kHz.
 * Setup and hold times, clock stretching and the gap between calls are not
 * counted. A message that is refused (wrong address) is still counted in
 * full: the simulator checks all messages before it serves any.
 */
static u64 sim_wire_bits(const struct i2c_msg *msgs, int num)
{
	u64 bits = 2 + (num - 1);
	int i;

	for (i = 0; i < num; i++)
		bits += 9 * (1 + (u64)msgs[i].len);
	return bits;
}

/* Sleep until @end (CLOCK_MONOTONIC), as a caller of a real controller. */
static void sim_wait_until(ktime_t end)
{
	while (ktime_before(ktime_get(), end)) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule_hrtimeout_range(&end, 0, HRTIMER_MODE_ABS);
	}
}

static int sim_master_xfer(struct i2c_adapter *adap, struct i2c_msg *msgs,
			   int num)
{
	struct lis2dh_sim *s = i2c_get_adapdata(adap);
	ktime_t start = ktime_get();
	unsigned long flags;
	bool kick = false;
	u64 wire_ns = 0;
	int i, ret = num;

	if (s->bus_khz)
		wire_ns = div_u64(sim_wire_bits(msgs, num) * NSEC_PER_MSEC,
				  s->bus_khz);

	raw_spin_lock_irqsave(&s->lock, flags);

	if (s->fault_nack) {
		ret = -ENXIO;
		goto unlock;
	}
	if (s->fault_stall) {
		ret = -ETIMEDOUT;
		/* a controller gives up after the adapter timeout */
		if (s->bus_khz)
			wire_ns = jiffies_to_nsecs(adap->timeout);
		goto unlock;
	}
	if (s->fault_eio && s->fault_eio_after) {
		s->fault_eio_after--;
	} else if (s->fault_eio) {
		s->fault_eio--;
		ret = -EIO;
		goto unlock;
	}

	for (i = 0; i < num; i++) {
		if (msgs[i].addr != s->addr || (msgs[i].flags & I2C_M_TEN)) {
			ret = -ENXIO;
			goto unlock;
		}
		if (msgs[i].flags & I2C_M_RECV_LEN) {
			ret = -EOPNOTSUPP;
			goto unlock;
		}
	}

	for (i = 0; i < num; i++)
		sim_msg(s, &msgs[i]);

	kick = sim_sync(s);
unlock:
	s->bus_ns += wire_ns;
	raw_spin_unlock_irqrestore(&s->lock, flags);

	if (kick)
		irq_work_queue(&s->work);

	if (wire_ns)
		sim_wait_until(ktime_add_ns(start, wire_ns));

	return ret;
}

static u32 sim_functionality(struct i2c_adapter *adap)
{
	return I2C_FUNC_I2C | I2C_FUNC_SMBUS_EMUL;
}

static const struct i2c_algorithm sim_algo = {
	.master_xfer = sim_master_xfer,
	.functionality = sim_functionality,
};

/* ------------------------------------------------------------------------
 * debugfs
 */

static int sim_counter_get(struct lis2dh_sim *s, const u64 *counter, u64 *val)
{
	unsigned long flags;
	bool kick;

	raw_spin_lock_irqsave(&s->lock, flags);
	kick = sim_sync(s);
	*val = *counter;
	raw_spin_unlock_irqrestore(&s->lock, flags);

	if (kick)
		irq_work_queue(&s->work);

	return 0;
}

static int sim_samples_get(void *data, u64 *val)
{
	struct lis2dh_sim *s = data;

	return sim_counter_get(s, &s->samples, val);
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_samples_fops, sim_samples_get, NULL, "%llu\n");

static int sim_xfers_get(void *data, u64 *val)
{
	struct lis2dh_sim *s = data;

	return sim_counter_get(s, &s->xfers, val);
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_xfers_fops, sim_xfers_get, NULL, "%llu\n");

static int sim_bytes_get(void *data, u64 *val)
{
	struct lis2dh_sim *s = data;

	return sim_counter_get(s, &s->bytes, val);
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_bytes_fops, sim_bytes_get, NULL, "%llu\n");

static int sim_bus_ns_get(void *data, u64 *val)
{
	struct lis2dh_sim *s = data;

	return sim_counter_get(s, &s->bus_ns, val);
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_bus_ns_fops, sim_bus_ns_get, NULL, "%llu\n");

static int sim_irqs_get(void *data, u64 *val)
{
	struct lis2dh_sim *s = data;

	return sim_counter_get(s, &s->pin[0].irqs, val);
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_irqs_fops, sim_irqs_get, NULL, "%llu\n");

static int sim_irqs2_get(void *data, u64 *val)
{
	struct lis2dh_sim *s = data;

	return sim_counter_get(s, &s->pin[1].irqs, val);
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_irqs2_fops, sim_irqs2_get, NULL, "%llu\n");

static int sim_overruns_get(void *data, u64 *val)
{
	struct lis2dh_sim *s = data;

	return sim_counter_get(s, &s->overruns, val);
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_overruns_fops, sim_overruns_get, NULL, "%llu\n");

static int sim_regs_show(struct seq_file *m, void *unused)
{
	struct lis2dh_sim *s = m->private;
	u8 val[SIM_NREGS];
	unsigned long flags;
	unsigned int reg;
	bool kick;

	raw_spin_lock_irqsave(&s->lock, flags);
	kick = sim_sync(s);
	for (reg = REG_STATUS_AUX; reg < SIM_NREGS; reg++)
		val[reg] = sim_read(s, reg, false);
	raw_spin_unlock_irqrestore(&s->lock, flags);

	if (kick)
		irq_work_queue(&s->work);

	for (reg = REG_STATUS_AUX; reg < SIM_NREGS; reg++)
		seq_printf(m, "0x%02x: 0x%02x\n", reg, val[reg]);

	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_regs);

static int sim_pattern_show(struct seq_file *m, void *unused)
{
	struct lis2dh_sim *s = m->private;

	seq_printf(m, "%s\n", sim_pattern_names[READ_ONCE(s->pattern)]);

	return 0;
}

static int sim_pattern_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_pattern_show, inode->i_private);
}

static ssize_t sim_pattern_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	struct lis2dh_sim *s = ((struct seq_file *)file->private_data)->private;
	unsigned long flags;
	char buf[16];
	bool kick;
	int p;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';

	p = sysfs_match_string(sim_pattern_names, buf);
	if (p < 0)
		return p;

	/* samples due so far are made with the old pattern */
	raw_spin_lock_irqsave(&s->lock, flags);
	sim_sync(s);
	s->pattern = p;
	sim_motion_changed(s);
	kick = sim_sync(s);
	raw_spin_unlock_irqrestore(&s->lock, flags);

	if (kick)
		irq_work_queue(&s->work);

	return len;
}

static const struct file_operations sim_pattern_fops = {
	.owner = THIS_MODULE,
	.open = sim_pattern_open,
	.read = seq_read,
	.write = sim_pattern_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static ssize_t sim_fault_write(struct file *file, const char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	struct lis2dh_sim *s = file->private_data;
	unsigned int eio = 0, after = 0;
	unsigned long flags;
	char buf[32], *p, *n;
	u8 whoami = 0;
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	p = strim(buf);

	if (str_has_prefix(p, "eio:")) {
		ret = kstrtouint(p + 4, 0, &eio);
		if (ret)
			return -EINVAL;
	} else if (str_has_prefix(p, "eio_after:")) {
		/* "eio_after:K:N", split at the second colon */
		n = strchr(p + 10, ':');
		if (!n)
			return -EINVAL;
		*n++ = '\0';
		if (kstrtouint(p + 10, 0, &after) || kstrtouint(n, 0, &eio))
			return -EINVAL;
	} else if (str_has_prefix(p, "whoami:")) {
		ret = kstrtou8(p + 7, 0, &whoami);
		if (ret)
			return -EINVAL;
	} else if (strcmp(p, "none") && strcmp(p, "nack") &&
		   strcmp(p, "stall")) {
		return -EINVAL;
	}

	raw_spin_lock_irqsave(&s->lock, flags);
	if (!strcmp(p, "none")) {
		s->fault_nack = false;
		s->fault_stall = false;
		s->fault_eio = 0;
		s->fault_eio_after = 0;
		s->fault_whoami = -1;
	} else if (!strcmp(p, "nack")) {
		s->fault_nack = true;
		s->fault_stall = false;
	} else if (!strcmp(p, "stall")) {
		s->fault_stall = true;
		s->fault_nack = false;
	} else if (p[0] == 'e') {
		s->fault_eio = eio;
		s->fault_eio_after = after;
	} else {
		s->fault_whoami = whoami;
	}
	raw_spin_unlock_irqrestore(&s->lock, flags);

	return len;
}

static const struct file_operations sim_fault_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_fault_write,
	.llseek = noop_llseek,
};

/*
 * Controls of the auxiliary inputs and the self-test: "adc" (LIS3DH) the
 * three input voltages in mV, "temp" (LIS3DH, LIS2DH12) the die
 * temperature in °C with up to three decimals, "selftest" pass, fail or
 * dead. Conversions due before a write use the old values.
 */
static int sim_aux_show(struct seq_file *m, void *unused)
{
	struct lis2dh_sim *s = m->private;
	const char *name = file_dentry(m->file)->d_name.name;
	unsigned long flags;
	int mv[3], mc;
	unsigned int st;

	raw_spin_lock_irqsave(&s->lock, flags);
	memcpy(mv, s->adc_mv, sizeof(mv));
	mc = s->temp_mc;
	st = s->selftest;
	raw_spin_unlock_irqrestore(&s->lock, flags);

	if (!strcmp(name, "adc"))
		seq_printf(m, "%d %d %d\n", mv[0], mv[1], mv[2]);
	else if (!strcmp(name, "temp"))
		seq_printf(m, "%s%d.%03d\n", mc < 0 ? "-" : "", abs(mc) / 1000,
			   abs(mc) % 1000);
	else
		seq_printf(m, "%s\n", sim_selftest_names[st]);

	return 0;
}

static int sim_aux_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_aux_show, inode->i_private);
}

/* "[-]I[.FFF]" in thousandths */
static int sim_parse_milli(const char *str, int *val)
{
	char buf[16], *frac;
	bool neg = str[0] == '-';
	unsigned int ip, fp = 0, scale = 100;
	int ret;

	if (strscpy(buf, str + neg, sizeof(buf)) < 0)
		return -EINVAL;
	frac = strchr(buf, '.');
	if (frac) {
		*frac++ = '\0';
		if (!*frac || strlen(frac) > 3)
			return -EINVAL;
		for (; *frac; frac++, scale /= 10) {
			if (!isdigit(*frac))
				return -EINVAL;
			fp += (*frac - '0') * scale;
		}
	}
	ret = kstrtouint(buf, 10, &ip);
	if (ret || ip > 1000000)
		return -EINVAL;
	*val = (neg ? -1 : 1) * (int)(ip * 1000 + fp);

	return 0;
}

static ssize_t sim_aux_write(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	struct lis2dh_sim *s = ((struct seq_file *)file->private_data)->private;
	const char *name = file_dentry(file)->d_name.name;
	int mv[3], mc = 0, st = 0;
	unsigned long flags;
	char buf[48], *p;
	bool kick;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	p = strim(buf);

	if (!strcmp(name, "adc")) {
		char extra;

		/* the pins take 0 V to the supply (at most 3.6 V) */
		if (sscanf(p, "%d %d %d %c", &mv[0], &mv[1], &mv[2],
			   &extra) != 3 ||
		    mv[0] < 0 || mv[1] < 0 || mv[2] < 0 ||
		    mv[0] > 3600 || mv[1] > 3600 || mv[2] > 3600)
			return -EINVAL;
	} else if (!strcmp(name, "temp")) {
		if (sim_parse_milli(p, &mc) || mc < -100000 || mc > 200000)
			return -EINVAL;
	} else {
		st = sysfs_match_string(sim_selftest_names, p);
		if (st < 0)
			return st;
	}

	raw_spin_lock_irqsave(&s->lock, flags);
	kick = sim_sync(s);
	if (!strcmp(name, "adc"))
		memcpy(s->adc_mv, mv, sizeof(mv));
	else if (!strcmp(name, "temp"))
		s->temp_mc = mc;
	else
		s->selftest = st;
	raw_spin_unlock_irqrestore(&s->lock, flags);

	if (kick)
		irq_work_queue(&s->work);

	return len;
}

static const struct file_operations sim_aux_fops = {
	.owner = THIS_MODULE,
	.open = sim_aux_open,
	.read = seq_read,
	.write = sim_aux_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* the controls of what the chip has: self-test on every chip */
static void sim_aux_debugfs_init(struct lis2dh_sim *s)
{
	if (s->chip->aux & SIM_AUX_ADC)
		debugfs_create_file("adc", 0644, s->dbg, s, &sim_aux_fops);
	if (s->chip->aux & SIM_AUX_TEMP)
		debugfs_create_file("temp", 0644, s->dbg, s, &sim_aux_fops);
	debugfs_create_file("selftest", 0644, s->dbg, s, &sim_aux_fops);
}

/* copy a short debugfs write into @buf, NUL-terminated and trimmed */
static char *sim_dbg_input(char *buf, size_t size, const char __user *ubuf,
			   size_t len)
{
	if (len >= size)
		return ERR_PTR(-EINVAL);
	if (copy_from_user(buf, ubuf, len))
		return ERR_PTR(-EFAULT);
	buf[len] = '\0';

	return strim(buf);
}

static int sim_accel_show(struct seq_file *m, void *unused)
{
	struct lis2dh_sim *s = m->private;
	unsigned long flags;
	int a[3];

	raw_spin_lock_irqsave(&s->lock, flags);
	memcpy(a, s->motion.accel, sizeof(a));
	raw_spin_unlock_irqrestore(&s->lock, flags);

	seq_printf(m, "%d %d %d\n", a[0], a[1], a[2]);

	return 0;
}

static int sim_accel_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_accel_show, inode->i_private);
}

/* "X Y Z" in mg: the accel pattern, constant acceleration from now on */
static ssize_t sim_accel_write(struct file *file, const char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	struct lis2dh_sim *s = ((struct seq_file *)file->private_data)->private;
	unsigned long flags;
	char buf[48], *p;
	int a[3], n, i;
	bool kick;

	p = sim_dbg_input(buf, sizeof(buf), ubuf, len);
	if (IS_ERR(p))
		return PTR_ERR(p);
	if (sscanf(p, "%d %d %d%n", &a[0], &a[1], &a[2], &n) != 3 || p[n])
		return -EINVAL;
	for (i = 0; i < 3; i++)
		if (abs(a[i]) > 100000)
			return -EINVAL;

	raw_spin_lock_irqsave(&s->lock, flags);
	sim_sync(s);
	memcpy(s->motion.accel, a, sizeof(a));
	s->pattern = SIM_PAT_ACCEL;
	sim_motion_changed(s);
	kick = sim_sync(s);
	raw_spin_unlock_irqrestore(&s->lock, flags);

	if (kick)
		irq_work_queue(&s->work);

	return len;
}

static const struct file_operations sim_accel_fops = {
	.owner = THIS_MODULE,
	.open = sim_accel_open,
	.read = seq_read,
	.write = sim_accel_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/*
 * "AXIS MG LEN [GAP]": AXIS (x, y or z) gets MG added for LEN samples from
 * the next one on; with GAP, a second such pulse starts GAP samples after
 * the first ends. Replaces pulses not yet over.
 */
static ssize_t sim_tap_write(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	struct lis2dh_sim *s = file->private_data;
	unsigned int plen, gap = 0;
	unsigned long flags;
	char buf[64], *p, ax;
	int mg, n, got;
	bool kick;

	p = sim_dbg_input(buf, sizeof(buf), ubuf, len);
	if (IS_ERR(p))
		return PTR_ERR(p);
	got = sscanf(p, "%c %d %u%n %u%n", &ax, &mg, &plen, &n, &gap, &n);
	if (got < 3 || p[n] || ax < 'x' || ax > 'z' || !plen ||
	    plen > 100000 || gap > 100000 || abs(mg) > 100000)
		return -EINVAL;

	raw_spin_lock_irqsave(&s->lock, flags);
	sim_sync(s);
	s->motion.axis = ax - 'x';
	s->motion.mg = mg;
	s->motion.len = plen;
	s->motion.start[0] = s->samples;
	s->motion.start[1] = s->samples + plen + gap;
	s->motion.pulses = got == 4 ? 2 : 1;
	sim_motion_changed(s);
	kick = sim_sync(s);
	raw_spin_unlock_irqrestore(&s->lock, flags);

	if (kick)
		irq_work_queue(&s->work);

	return len;
}

static const struct file_operations sim_tap_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_tap_write,
	.llseek = noop_llseek,
};

static int sim_motion_ns_get(void *data, u64 *val)
{
	struct lis2dh_sim *s = data;
	unsigned long flags;

	raw_spin_lock_irqsave(&s->lock, flags);
	*val = ktime_to_ns(s->motion.ns);
	raw_spin_unlock_irqrestore(&s->lock, flags);

	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_motion_ns_fops, sim_motion_ns_get, NULL,
			 "%llu\n");

/* the pins' electrical levels and wakeup state, as of now */
static int sim_pins_show(struct seq_file *m, void *unused)
{
	struct lis2dh_sim *s = m->private;
	struct sim_pin pin[SIM_NR_PINS];
	unsigned long flags;
	unsigned int p;
	bool kick;

	raw_spin_lock_irqsave(&s->lock, flags);
	kick = sim_sync(s);
	memcpy(pin, s->pin, sizeof(pin));
	raw_spin_unlock_irqrestore(&s->lock, flags);

	if (kick)
		irq_work_queue(&s->work);

	for (p = 0; p < SIM_NR_PINS; p++)
		seq_printf(m, "int%u %d\n", p + 1, pin[p].line);

	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_pins);

static int sim_irq_wake_show(struct seq_file *m, void *unused)
{
	struct lis2dh_sim *s = m->private;
	struct sim_pin pin[SIM_NR_PINS];
	unsigned long flags;
	unsigned int p;

	raw_spin_lock_irqsave(&s->lock, flags);
	memcpy(pin, s->pin, sizeof(pin));
	raw_spin_unlock_irqrestore(&s->lock, flags);

	for (p = 0; p < SIM_NR_PINS; p++)
		seq_printf(m, "int%u %d %llu\n", p + 1, pin[p].wake,
			   pin[p].wake_sets);

	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_irq_wake);

static void sim_debugfs_init(struct lis2dh_sim *s)
{
	s->dbg = debugfs_create_dir(s->name, NULL);
	debugfs_create_file("pattern", 0644, s->dbg, s, &sim_pattern_fops);
	debugfs_create_file_unsafe("samples", 0444, s->dbg, s,
				   &sim_samples_fops);
	debugfs_create_file_unsafe("xfers", 0444, s->dbg, s, &sim_xfers_fops);
	debugfs_create_file_unsafe("bytes", 0444, s->dbg, s, &sim_bytes_fops);
	debugfs_create_file_unsafe("bus_ns", 0444, s->dbg, s,
				   &sim_bus_ns_fops);
	debugfs_create_file_unsafe("irqs", 0444, s->dbg, s, &sim_irqs_fops);
	debugfs_create_file_unsafe("overruns", 0444, s->dbg, s,
				   &sim_overruns_fops);
	debugfs_create_file("fault", 0200, s->dbg, s, &sim_fault_fops);
	debugfs_create_file("regs", 0444, s->dbg, s, &sim_regs_fops);
	sim_aux_debugfs_init(s);
	debugfs_create_file_unsafe("irqs2", 0444, s->dbg, s, &sim_irqs2_fops);
	debugfs_create_file("pins", 0444, s->dbg, s, &sim_pins_fops);
	debugfs_create_file("irq_wake", 0444, s->dbg, s, &sim_irq_wake_fops);
	debugfs_create_file("accel", 0644, s->dbg, s, &sim_accel_fops);
	debugfs_create_file("tap", 0200, s->dbg, s, &sim_tap_fops);
	debugfs_create_file_unsafe("motion_ns", 0444, s->dbg, s,
				   &sim_motion_ns_fops);
}

/* ------------------------------------------------------------------------
 * Instances
 */

/*
 * The chip's power-on state, the instance's timer and irq_work, and its
 * irq_chip (after s->name is set).
 */
static void sim_setup(struct lis2dh_sim *s, const struct sim_chip *chip,
		      u16 addr, unsigned int type)
{
	unsigned int i;

	raw_spin_lock_init(&s->lock);
	s->chip = chip;
	s->addr = addr;
	s->now = ktime_get();
	sim_reset(s);
	s->fault_whoami = -1;
	s->pattern = SIM_PAT_COUNTER;
	/* inputs at mid-range, the part at 25 °C and good */
	s->adc_mv[0] = 1200;
	s->adc_mv[1] = 1200;
	s->adc_mv[2] = 1200;
	s->temp_mc = 25000;
	s->selftest = SIM_ST_PASS;
	for (i = 0; i < SIM_NR_PINS; i++) {
		s->pin[i].masked = true;
		s->pin[i].irq_type = type;
	}
	s->motion.accel[2] = 1000;
	s->irq_chip = sim_irq_chip;
	s->irq_chip.name = s->name;

	hrtimer_init(&s->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_HARD);
	s->timer.function = sim_timer_fn;
	s->work = IRQ_WORK_INIT_HARD(sim_irq_work_fn);
}

static void sim_adap_setup(struct lis2dh_sim *s, struct device *parent,
			   struct device_node *np)
{
	s->adap.owner = THIS_MODULE;
	s->adap.class = 0;
	s->adap.algo = &sim_algo;
	s->adap.dev.parent = parent;
	s->adap.dev.of_node = np;
	strscpy(s->adap.name, s->name, sizeof(s->adap.name));
	i2c_set_adapdata(&s->adap, s);
}

/*
 * Stop the timer and the irq_work, then dispose of the mappings (the
 * clients are gone and have freed their interrupts) and the domain.
 */
static void sim_irq_exit(struct lis2dh_sim *s)
{
	unsigned long flags;
	unsigned int hw, virq;

	raw_spin_lock_irqsave(&s->lock, flags);
	s->dying = true;
	raw_spin_unlock_irqrestore(&s->lock, flags);

	hrtimer_cancel(&s->timer);
	irq_work_sync(&s->work);

	for (hw = 0; hw < SIM_NR_HWIRQ; hw++) {
		virq = irq_find_mapping(s->domain, hw);
		if (virq)
			irq_dispose_mapping(virq);
	}
	irq_domain_remove(s->domain);
}

/* ------------------------------------------------------------------------
 * Module-parameter mode
 */

static struct lis2dh_sim *sim_dev;

/*
 * irq_pin=2: the board wires INT2 alone, and says so as a device tree
 * would, with interrupt-names (st,st-sensors.yaml). A software node cannot
 * carry interrupts themselves, so without OF a client gets one interrupt
 * only: both pins at once need the device-tree mode.
 *
 * The I2C core adds the node and removes it in i2c_unregister_device()
 * before the client's driver unbinds; the children sharing it (the IIO
 * device and trigger) then drop the last reference from inside
 * software_node_notify_remove(), which reads the node after its put (6.1,
 * a use-after-free KASAN reports). sim_int2_fwnode holds one more
 * reference until the adapter and its clients are gone.
 */
static const char * const sim_int2_names[] = { "INT2" };

static const struct property_entry sim_int2_props[] = {
	PROPERTY_ENTRY_STRING_ARRAY("interrupt-names", sim_int2_names),
	{ }
};

static const struct software_node sim_int2_swnode = {
	.properties = sim_int2_props,
};

static struct fwnode_handle *sim_int2_fwnode;

static int sim_parse_irq_type(const char *str, unsigned int *type)
{
	static const char * const names[] = {
		"rising", "falling", "high", "low",
	};
	static const unsigned int types[] = {
		IRQ_TYPE_EDGE_RISING, IRQ_TYPE_EDGE_FALLING,
		IRQ_TYPE_LEVEL_HIGH, IRQ_TYPE_LEVEL_LOW,
	};
	int i = sysfs_match_string(names, str);

	if (i < 0)
		return -EINVAL;
	*type = types[i];

	return 0;
}

static int sim_param_irq_init(struct lis2dh_sim *s, unsigned int type)
{
	int ret;

	s->fwnode = irq_domain_alloc_named_fwnode(SIM_NAME);
	if (!s->fwnode)
		return -ENOMEM;

	s->domain = irq_domain_create_linear(s->fwnode, SIM_NR_HWIRQ,
					     &sim_irq_domain_ops, s);
	if (!s->domain) {
		ret = -ENOMEM;
		goto err_fwnode;
	}

	s->virq = irq_create_mapping(s->domain,
				     SIM_HWIRQ_INT1 + sim_param_irq_pin - 1);
	if (!s->virq) {
		ret = -ENOMEM;
		goto err_domain;
	}

	ret = irq_set_irq_type(s->virq, type);
	if (ret)
		goto err_mapping;

	return 0;

err_mapping:
	irq_dispose_mapping(s->virq);
err_domain:
	irq_domain_remove(s->domain);
err_fwnode:
	irq_domain_free_fwnode(s->fwnode);
	return ret;
}

static void sim_param_irq_exit(struct lis2dh_sim *s)
{
	sim_irq_exit(s);
	irq_domain_free_fwnode(s->fwnode);
}

static int sim_param_create(void)
{
	const struct sim_chip *chip = NULL;
	struct i2c_board_info info = { };
	struct lis2dh_sim *s;
	unsigned int type, i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(sim_chips); i++)
		if (sysfs_streq(sim_param_chip, sim_chips[i].name))
			chip = &sim_chips[i];
	if (!chip) {
		pr_err("unknown chip '%s'\n", sim_param_chip);
		return -EINVAL;
	}
	if (sim_param_addr < 0x08 || sim_param_addr > 0x77) {
		pr_err("invalid address 0x%x\n", sim_param_addr);
		return -EINVAL;
	}
	if (sim_param_irq_pin < 1 || sim_param_irq_pin > SIM_NR_PINS) {
		pr_err("invalid irq_pin %u\n", sim_param_irq_pin);
		return -EINVAL;
	}
	if (sim_parse_irq_type(sim_param_irq_type, &type)) {
		pr_err("invalid irq_type '%s'\n",
		       sim_param_irq_type);
		return -EINVAL;
	}
	/* a register write is the sub-address and at least one value */
	if (sim_param_max_xfer == 1) {
		pr_err("invalid max_xfer 1 (0: no limit, else at least 2)\n");
		return -EINVAL;
	}

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;

	s->name = SIM_NAME;
	sim_setup(s, chip, sim_param_addr, type);
	s->bus_khz = sim_param_bus_khz;

	ret = sim_param_irq_init(s, type);
	if (ret)
		goto err_free;

	sim_adap_setup(s, NULL, NULL);
	if (sim_param_max_xfer) {
		s->quirks.max_read_len = sim_param_max_xfer;
		s->quirks.max_write_len = sim_param_max_xfer;
		s->adap.quirks = &s->quirks;
	}
	ret = i2c_add_adapter(&s->adap);
	if (ret)
		goto err_irq;

	sim_debugfs_init(s);

	if (sim_param_instantiate) {
		strscpy(info.type, chip->name, sizeof(info.type));
		info.addr = s->addr;
		info.irq = sim_param_irq ? s->virq : 0;
		if (sim_param_irq && sim_param_irq_pin == 2)
			info.swnode = &sim_int2_swnode;
		if (sim_param_wakeup)
			info.flags |= I2C_CLIENT_WAKE;
		s->client = i2c_new_client_device(&s->adap, &info);
		if (IS_ERR(s->client)) {
			ret = PTR_ERR(s->client);
			goto err_adap;
		}
		if (info.swnode)
			sim_int2_fwnode =
				fwnode_handle_get(software_node_fwnode(info.swnode));
	}

	sim_dev = s;

	return 0;

err_adap:
	debugfs_remove_recursive(s->dbg);
	i2c_del_adapter(&s->adap);
err_irq:
	sim_param_irq_exit(s);
err_free:
	kfree(s);
	return ret;
}

static void sim_param_destroy(void)
{
	struct lis2dh_sim *s = sim_dev;

	debugfs_remove_recursive(s->dbg);
	/* unregisters the clients: their drivers unbind and free the irq */
	i2c_del_adapter(&s->adap);
	fwnode_handle_put(sim_int2_fwnode);
	sim_int2_fwnode = NULL;
	sim_param_irq_exit(s);
	kfree(s);
}

/* ------------------------------------------------------------------------
 * Device-tree mode
 */

static const struct of_device_id sim_of_match[] = {
	{ .compatible = "lis2dh-test,i2c-sim" },
	{ }
};
MODULE_DEVICE_TABLE(of, sim_of_match);

/* the simulated chip: the kind the first child node's compatible names */
static const struct sim_chip *sim_of_chip(struct device_node *child)
{
	if (of_device_is_compatible(child, "st,lis2dh12-accel"))
		return &sim_chips[1];
	if (of_device_is_compatible(child, "silan,sc7a20"))
		return &sim_chips[2];
	return &sim_chips[0];
}

static void sim_of_irq_exit(void *data)
{
	sim_irq_exit(data);
}

static void sim_of_debugfs_exit(void *data)
{
	struct lis2dh_sim *s = data;

	debugfs_remove_recursive(s->dbg);
}

/*
 * Teardown is devm's, in reverse: the debugfs folder, the adapter (its
 * clients unbind and free their interrupts), then the timer, the mappings
 * and the domain, then the instance.
 */
static int sim_of_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct device_node *np = dev->of_node;
	const struct sim_chip *chip = &sim_chips[0];
	struct device_node *child;
	struct lis2dh_sim *s;
	u32 addr = 0x18, hz;
	char *name;
	int ret;

	child = of_get_next_available_child(np, NULL);
	if (child) {
		ret = of_property_read_u32(child, "reg", &addr);
		chip = sim_of_chip(child);
		of_node_put(child);
		if (ret)
			return dev_err_probe(dev, ret, "first child: no reg\n");
	}
	if (addr < 0x08 || addr > 0x77)
		return dev_err_probe(dev, -EINVAL, "invalid address 0x%x\n",
				     addr);

	s = devm_kzalloc(dev, sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	name = devm_kasprintf(dev, GFP_KERNEL, "%pOFn", np);
	if (!name)
		return -ENOMEM;
	strreplace(name, '-', '_');
	s->name = name;

	/* the trigger type is the client's, set when it maps the interrupt */
	sim_setup(s, chip, addr, IRQ_TYPE_EDGE_RISING);
	/* the bus clock of the I2C bus binding, in Hz; none: instant */
	if (!of_property_read_u32(np, "clock-frequency", &hz))
		s->bus_khz = hz / 1000;

	/* the domain must exist before the adapter creates the clients */
	s->domain = irq_domain_create_linear(dev_fwnode(dev), SIM_NR_HWIRQ,
					     &sim_irq_domain_ops, s);
	if (!s->domain)
		return -ENOMEM;
	ret = devm_add_action_or_reset(dev, sim_of_irq_exit, s);
	if (ret)
		return ret;

	sim_adap_setup(s, dev, np);
	ret = devm_i2c_add_adapter(dev, &s->adap);
	if (ret)
		return ret;

	sim_debugfs_init(s);
	ret = devm_add_action_or_reset(dev, sim_of_debugfs_exit, s);
	if (ret)
		return ret;

	platform_set_drvdata(pdev, s);
	dev_info(dev, "%s at 0x%02x on %s, debugfs %s\n", chip->name, addr,
		 dev_name(&s->adap.dev), name);

	return 0;
}

static struct platform_driver sim_of_driver = {
	.probe = sim_of_probe,
	.driver = {
		.name = SIM_NAME,
		.of_match_table = sim_of_match,
	},
};

/* whether the device tree describes the simulator */
static bool sim_of_present(void)
{
	struct device_node *np;

	for_each_matching_node(np, sim_of_match) {
		if (of_device_is_available(np)) {
			of_node_put(np);
			return true;
		}
	}

	return false;
}

/* ------------------------------------------------------------------------
 * Module
 */

static int __init sim_init(void)
{
	int ret;

	ret = platform_driver_register(&sim_of_driver);
	if (ret)
		return ret;

	if (sim_of_present()) {
		pr_info("simulator nodes in the device tree: no adapter of the module parameters\n");
		return 0;
	}

	ret = sim_param_create();
	if (ret)
		platform_driver_unregister(&sim_of_driver);

	return ret;
}
module_init(sim_init);

static void __exit sim_exit(void)
{
	if (sim_dev)
		sim_param_destroy();
	platform_driver_unregister(&sim_of_driver);
}
module_exit(sim_exit);

MODULE_DESCRIPTION("LIS3DH/LIS2DH12/SC7A20 register-level I2C simulator");
MODULE_LICENSE("GPL");
